import * as z from 'zod/mini';

/**
 * 随手拍: what residents report (docs/public.md). A category is a plain-words choice (the UI words each as
 * publicSite.category.<id>), mapped here to the GB/T 47678.5 code the case gets when the office accepts it.
 */
export const REPORT_CATEGORIES = {
  garbage: '06010', // 暴露垃圾
  clutter: '06018', // 乱堆物堆料
  waterway: '06025', // 水域不洁
  sewage: '06030', // 乱倒乱排污水废水
  building: '06001', // 私搭乱建
  stall: '09006', // 占道经营
  flyer: '07001', // 非法小广告
  parking: '09009', // 机动车乱停放
  manhole: '01003', // 雨水井盖
  flooding: '10001', // 道路积水
  dust: '08004', // 工地扬尘
} as const;
export type ReportCategory = keyof typeof REPORT_CATEGORIES;
export const REPORT_CATEGORY_IDS = Object.keys(REPORT_CATEGORIES) as ReportCategory[];
export const reportCategorySchema = z.enum(REPORT_CATEGORY_IDS as [ReportCategory, ...ReportCategory[]]);

/** The longest description a resident may write. */
export const REPORT_DESCRIPTION_MAX = 500;
/** At most this many photos in one report. */
export const REPORT_MAX_PHOTOS = 3;
/** Open reports of the same category within this distance are offered as 我也遇到 before a new one is sent. */
export const NEARBY_METERS = 50;
/** A mainland mobile number (11 digits, starting 1): the optional number for the office's call back. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** Where a report stands, as its reporter sees it. `closed`: its case was closed (the loop's last step). */
export const REPORT_STATUSES = ['pending', 'accepted', 'merged', 'rejected', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const reportStatusSchema = z.enum(REPORT_STATUSES);

/** `POST /api/public/reports` → 201: the token the reporter follows the report with (shown once). */
export const reportCreatedSchema = z.strictObject({ token: z.string(), id: z.string() });

/** `GET /api/public/reports/:token`: the report as its reporter follows it (no phone, no staff, no place). */
export const followedReportSchema = z.strictObject({
  id: z.string(),
  category: reportCategorySchema,
  description: z.string(),
  status: reportStatusSchema,
  /** Why the office rejected it (what the reporter reads). */
  rejectReason: z.nullable(z.string()),
  createdAt: z.string(),
  meToo: z.int().check(z.minimum(0)),
  photos: z.array(z.string()),
  /** The after-photo of the closed case, when there is one. */
  afterPhoto: z.nullable(z.string()),
  /** The reporter's answer to 解决了吗？满意吗？, once given. */
  feedback: z.nullable(z.strictObject({ resolved: z.boolean(), satisfied: z.boolean(), createdAt: z.string() })),
});
export type FollowedReport = z.infer<typeof followedReportSchema>;

/** `GET /api/public/reports/nearby`: open reports close by in the same category (no text before triage). */
export const nearbyReportSchema = z.strictObject({
  id: z.string(),
  category: reportCategorySchema,
  distanceMeters: z.int().check(z.minimum(0)),
  meToo: z.int().check(z.minimum(0)),
  createdAt: z.string(),
});
export const nearbyReportsSchema = z.strictObject({ reports: z.array(nearbyReportSchema) });
export type NearbyReport = z.infer<typeof nearbyReportSchema>;

export const meTooResultSchema = z.strictObject({ id: z.string(), meToo: z.int().check(z.minimum(0)) });

const coordinate = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.trim(), z.regex(/^-?\d{1,3}(\.\d{1,12})?$/, 'must be a decimal number of degrees')),
    z.pipe(z.transform(Number), z.number().check(z.minimum(min), z.maximum(max))),
  );
/** A resident's text: line breaks as \n (a form sends \r\n), trimmed, at most REPORT_DESCRIPTION_MAX characters. */
export const residentTextSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text) => text.replace(/\r\n?/g, '\n')),
  ),
  z.string().check(z.trim(), z.maxLength(REPORT_DESCRIPTION_MAX)),
);

/** The form fields of a report (multipart, beside the photos). */
export const reportFieldsSchema = z.strictObject({
  category: reportCategorySchema,
  description: z.optional(residentTextSchema),
  lon: coordinate(-180, 180),
  lat: coordinate(-90, 90),
  phone: z.optional(z.string().check(z.trim(), z.regex(PHONE_PATTERN, 'must be an 11-digit mobile number'))),
});
export const REPORT_FIELDS = ['category', 'description', 'lon', 'lat', 'phone'] as const;

export const nearbyQuerySchema = z.strictObject({
  lon: coordinate(-180, 180),
  lat: coordinate(-90, 90),
  category: reportCategorySchema,
});

/** `POST /api/public/reports/:token/feedback`: 解决了吗？满意吗？ — a reason is needed when not satisfied. */
export const reportFeedbackBodySchema = z
  .strictObject({
    resolved: z.boolean(),
    satisfied: z.boolean(),
    reason: z.optional(residentTextSchema),
  })
  .check(
    z.refine((body) => body.satisfied || (body.reason ?? '').length > 0, {
      message: 'say why you are not satisfied',
      path: ['reason'],
    }),
  );
export type ReportFeedbackBody = z.infer<typeof reportFeedbackBodySchema>;

/** A report token: 32 random bytes, base64url. */
export const REPORT_TOKEN_PATTERN = /^[\w-]{43}$/;

/** A report in the office's triage queue (cases page): everything, the phone number included (the office only). */
export const triageReportSchema = z.strictObject({
  id: z.string(),
  category: reportCategorySchema,
  code: z.string(),
  description: z.string(),
  lon: z.number(),
  lat: z.number(),
  phone: z.nullable(z.string()),
  status: reportStatusSchema,
  rejectReason: z.nullable(z.string()),
  caseId: z.nullable(z.string()),
  caseNo: z.nullable(z.string()),
  meToo: z.int().check(z.minimum(0)),
  createdAt: z.string(),
  photos: z.array(z.string()),
  afterPhoto: z.nullable(z.string()),
  feedback: z.nullable(
    z.strictObject({ resolved: z.boolean(), satisfied: z.boolean(), reason: z.string(), createdAt: z.string() }),
  ),
});
export type TriageReport = z.infer<typeof triageReportSchema>;
export const triageListSchema = z.strictObject({ reports: z.array(triageReportSchema) });

/** `GET /api/public-reports?status=`: the queue (pending) or the decided reports. */
export const triageQuerySchema = z.strictObject({
  status: z.optional(z.enum(['pending', 'accepted', 'merged', 'rejected'])),
});
/** Merge a report into an existing open case. */
export const mergeBodySchema = z.strictObject({
  caseId: z.pipe(z.string().check(z.regex(/^[1-9]\d{0,11}$/)), z.transform(Number)),
});
/** Reject a report with the reason its reporter reads. */
export const rejectBodySchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(REPORT_DESCRIPTION_MAX)),
});
