import * as z from 'zod/mini';

/**
 * 数字城管 cases (一提升): a problem reported at a point, coded by GB/T 47678.5 (5-digit 大类+小类), dispatched
 * to a unit and closed after a check. The standard workflow (docs/domain.md §5):
 *
 *   信息收集 ─register→ 立案 ─dispatch→ 派遣 ─start→ 处置中 ─feedback→ 处理反馈 ─verify→ 核查通过 ─close→ 结案
 *   reported            registered       dispatched   disposing         feedback          verified          closed
 *
 * Side flows: 延期 (request_extension by the unit, approve/refuse by the office: the deadline moves and is
 * counted), 回退 (send_back to the previous step with a reason), 挂账/缓办 (suspend/resume: a flag beside the
 * status; the deadline moves by the time suspended; excluded from 应结案数), 作废 (void, from reported or
 * registered), 返工 (fail_check: the inspector's check fails, back to the unit, counted) and 自处理 (self_handle:
 * the reporter fixed it on the spot, straight to 核查通过, waiting for 结案) and 重新核查 (reopen: a resident who
 * reported it answered 不满意 with a reason after 结案, so the closed case waits for 核查 again; docs/public.md).
 */
export const CASE_STATUSES = [
  'reported',
  'registered',
  'dispatched',
  'disposing',
  'feedback',
  'verified',
  'closed',
  'voided',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Statuses in which a case is still open (not closed, not void). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'reported',
  'registered',
  'dispatched',
  'disposing',
  'feedback',
  'verified',
];

export const CASE_ACTIONS = [
  'register',
  'dispatch',
  'start',
  'feedback',
  'verify',
  'fail_check',
  'close',
  'send_back',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'suspend',
  'resume',
  'void',
  'self_handle',
  'reopen',
] as const;
export const caseActionSchema = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof caseActionSchema>;

/** Where a case came from (问题来源). `import` marks rows of a platform export. */
export const CASE_SOURCES = ['inspector', 'public', 'hotline', 'leader', 'patrol', 'media', 'import'] as const;
export const caseSourceSchema = z.enum(CASE_SOURCES);
export type CaseSource = z.infer<typeof caseSourceSchema>;
/** The Chinese names platforms use for the sources (also matched when importing). */
export const CASE_SOURCE_LABELS: Record<CaseSource, string> = {
  inspector: '监督员上报',
  public: '公众举报',
  hotline: '12345热线',
  leader: '领导交办',
  patrol: '巡查发现',
  media: '媒体曝光',
  import: '平台导入',
};

/**
 * The sources (问题来源) each role may report a case with in the app, the first being the one used when
 * the report names none: a unit reports what it finds on its rounds (巡查发现), an inspector as 监督员上报,
 * a leader as 领导交办; the campaign office records reports from every channel. `import` is for rows of a
 * platform export only. A role missing here reports no cases (the authorization matrix decides who may).
 */
export const CASE_SOURCES_BY_ROLE: Readonly<Partial<Record<string, readonly CaseSource[]>>> = {
  unit: ['patrol'],
  inspector: ['inspector'],
  leader: ['leader'],
  admin: ['patrol', 'inspector', 'public', 'hotline', 'leader', 'media'],
};

/** The sources a role may give a new case (the UI offers these; empty: none). */
export function caseSourcesFor(role: string | null | undefined): readonly CaseSource[] {
  return (role ? CASE_SOURCES_BY_ROLE[role] : undefined) ?? [];
}

/** A source the caller's role may not claim. */
export const CASE_SOURCE_NOT_FOR_ROLE = 'source-not-for-role';

/**
 * The source of a case reported by `role`: the one asked for when the role may use it, the role's own
 * when none is asked for; refused when the role may not use the one asked for (the server answers 403).
 */
export function caseSourceFor(
  role: string | null | undefined,
  requested: CaseSource | undefined,
): { allowed: true; source: CaseSource } | { allowed: false; reason: typeof CASE_SOURCE_NOT_FOR_ROLE } {
  const allowed = caseSourcesFor(role);
  const source = requested ?? allowed[0];
  return source !== undefined && allowed.includes(source)
    ? { allowed: true, source }
    : { allowed: false, reason: CASE_SOURCE_NOT_FOR_ROLE };
}

/**
 * Who acts on a case: the campaign office acting as 受理员/值班长/派遣员 (admin), an inspector (监督员), the unit
 * the case is dispatched to (专业部门), or anyone else (planners and leaders read only).
 */
export type CaseActor = 'office' | 'inspector' | 'unit' | 'other';

export const CASE_ACTION_ACTORS: Record<CaseAction, readonly CaseActor[]> = {
  register: ['office'],
  dispatch: ['office'],
  start: ['office', 'unit'],
  feedback: ['office', 'unit'],
  verify: ['office', 'inspector'],
  fail_check: ['office', 'inspector'],
  close: ['office'],
  send_back: ['office', 'unit'],
  request_extension: ['office', 'unit'],
  approve_extension: ['office'],
  refuse_extension: ['office'],
  suspend: ['office'],
  resume: ['office'],
  void: ['office'],
  self_handle: ['office', 'inspector'],
  reopen: ['office'],
};

/** The role of a signed-in user → the case actor; a unit account is `unit` only on cases dispatched to its unit. */
export function caseActorFor(
  user: { role: string; unit: string | null } | null,
  cityCase: { unitId: string | null },
): CaseActor {
  if (!user) return 'other';
  if (user.role === 'admin') return 'office';
  if (user.role === 'inspector') return 'inspector';
  if (user.role === 'unit' && user.unit !== null && user.unit === cityCase.unitId) return 'unit';
  return 'other';
}

/** What the workflow needs to know about a case. Times are UTC ISO texts. */
export interface CaseWorkflowState {
  status: CaseStatus;
  suspended: boolean;
  suspendedAt: string | null;
  unitId: string | null;
  deadlineAt: string | null;
  extensionRequest: { until: string; reason: string } | null;
  extensionCount: number;
  reworkCount: number;
  registeredAt: string | null;
  dispatchedAt: string | null;
  disposedAt: string | null;
  closedAt: string | null;
}

const isoInstant = z.string().check(
  z.refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value), {
    message: 'expected a date-time like 2026-03-04T09:12:00+08:00',
  }),
  z.refine((value) => !Number.isNaN(Date.parse(value)), { message: 'not a real date-time' }),
);

export const caseActionBodySchema = z.strictObject({
  /** Required for send_back, fail_check, request_extension, suspend and void. */
  reason: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  /** The unit to dispatch to (dispatch). */
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** The new deadline asked for (request_extension). */
  until: z.optional(isoInstant),
  /** A note (feedback, verify, close …). */
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});
export type CaseActionBody = z.infer<typeof caseActionBodySchema>;

/** Why an action on a case is refused (the problem's `refusal`; the UI words each as casesPage.refusal.*). */
export const CASE_ACTION_REFUSALS = [
  'not-allowed-for-role',
  'wrong-status',
  'suspended',
  'not-suspended',
  'needs-reason',
  'needs-unit',
  'needs-later-deadline',
  'extension-pending',
  'no-extension-pending',
] as const;
export type CaseActionRefusal = (typeof CASE_ACTION_REFUSALS)[number];

/** The fields an action changes, and the step to record. */
export interface CaseChange {
  patch: Partial<CaseWorkflowState>;
  step: { action: CaseAction; fromStatus: CaseStatus; toStatus: CaseStatus; note: string | null; data: object | null };
}

const HOUR_MS = 3_600_000;

/** The deadline of a case dispatched at `dispatchedAt` with a time limit in hours. */
export function deadlineFor(dispatchedAt: string, timeLimitHours: number): string {
  return new Date(Date.parse(dispatchedAt) + timeLimitHours * HOUR_MS).toISOString();
}

/** The statuses `send_back` (回退) returns to: one step back; the unit sends a wrongly dispatched case back. */
const SEND_BACK_TO: Partial<Record<CaseStatus, CaseStatus>> = {
  registered: 'reported',
  dispatched: 'registered',
  verified: 'feedback',
};

/**
 * Apply an action to a case, or say why not. `now` is the UTC ISO time of the action; `timeLimitHours`
 * the 处置时限 of the case's code (used by dispatch and self_handle). Pure: the server stores the patch.
 */
export function applyCaseAction(
  state: CaseWorkflowState,
  action: CaseAction,
  actor: CaseActor,
  body: CaseActionBody,
  now: string,
  timeLimitHours: number,
): { ok: true; change: CaseChange } | { ok: false; refusal: CaseActionRefusal } {
  if (!CASE_ACTION_ACTORS[action].includes(actor)) return { ok: false, refusal: 'not-allowed-for-role' };
  const from = state.status;
  const reason = body.reason?.trim() ? body.reason.trim() : null;
  const note = body.note?.trim() ? body.note.trim() : reason;
  const refuse = (refusal: CaseActionRefusal) => ({ ok: false as const, refusal });
  const change = (to: CaseStatus, patch: Partial<CaseWorkflowState>, data: object | null = null) => ({
    ok: true as const,
    change: { patch: { status: to, ...patch }, step: { action, fromStatus: from, toStatus: to, note, data } },
  });
  if (action === 'resume') {
    if (!state.suspended) return refuse('not-suspended');
    const held = state.suspendedAt ? Math.max(0, Date.parse(now) - Date.parse(state.suspendedAt)) : 0;
    const deadlineAt = state.deadlineAt ? new Date(Date.parse(state.deadlineAt) + held).toISOString() : null;
    return change(from, { suspended: false, suspendedAt: null, deadlineAt }, { suspendedMs: held });
  }
  if (state.suspended && action !== 'void') return refuse('suspended');
  const needsReason = ['send_back', 'fail_check', 'request_extension', 'suspend', 'void', 'reopen'].includes(action);
  const inStatus = (...statuses: CaseStatus[]) => statuses.includes(from);
  switch (action) {
    case 'register':
      if (!inStatus('reported')) return refuse('wrong-status');
      return change('registered', { registeredAt: now });
    case 'dispatch':
      if (!inStatus('registered')) return refuse('wrong-status');
      if (!body.unitId) return refuse('needs-unit');
      return change(
        'dispatched',
        { unitId: body.unitId, dispatchedAt: now, deadlineAt: deadlineFor(now, timeLimitHours) },
        { unitId: body.unitId },
      );
    case 'start':
      if (!inStatus('dispatched')) return refuse('wrong-status');
      return change('disposing', {});
    case 'feedback':
      if (!inStatus('dispatched', 'disposing')) return refuse('wrong-status');
      return change('feedback', { disposedAt: now, extensionRequest: null });
    case 'verify':
      if (!inStatus('feedback')) return refuse('wrong-status');
      return change('verified', {});
    case 'fail_check':
      if (!inStatus('feedback')) return refuse('wrong-status');
      if (!reason) return refuse('needs-reason');
      return change('disposing', { disposedAt: null, reworkCount: state.reworkCount + 1 });
    case 'close':
      if (!inStatus('verified')) return refuse('wrong-status');
      return change('closed', { closedAt: now });
    case 'send_back': {
      const to = SEND_BACK_TO[from];
      if (!to) return refuse('wrong-status');
      if (actor === 'unit' && from !== 'dispatched') return refuse('not-allowed-for-role');
      if (!reason) return refuse('needs-reason');
      if (to === 'registered') {
        return change(to, { unitId: null, dispatchedAt: null, deadlineAt: null, extensionRequest: null });
      }
      if (to === 'reported') return change(to, { registeredAt: null });
      return change(to, {});
    }
    case 'request_extension': {
      if (!inStatus('dispatched', 'disposing')) return refuse('wrong-status');
      if (!reason) return refuse('needs-reason');
      if (state.extensionRequest) return refuse('extension-pending');
      if (!body.until || (state.deadlineAt && Date.parse(body.until) <= Date.parse(state.deadlineAt))) {
        return refuse('needs-later-deadline');
      }
      const until = new Date(Date.parse(body.until)).toISOString();
      return change(from, { extensionRequest: { until, reason } }, { until });
    }
    case 'approve_extension':
    case 'refuse_extension': {
      if (!state.extensionRequest) return refuse('no-extension-pending');
      if (action === 'refuse_extension') return change(from, { extensionRequest: null }, state.extensionRequest);
      return change(
        from,
        { extensionRequest: null, deadlineAt: state.extensionRequest.until, extensionCount: state.extensionCount + 1 },
        { from: state.deadlineAt, until: state.extensionRequest.until },
      );
    }
    case 'suspend':
      if (!inStatus('registered', 'dispatched', 'disposing')) return refuse('wrong-status');
      if (!reason) return refuse('needs-reason');
      return change(from, { suspended: true, suspendedAt: now });
    case 'void':
      if (!inStatus('reported', 'registered')) return refuse('wrong-status');
      if (needsReason && !reason) return refuse('needs-reason');
      return change('voided', { suspended: false, suspendedAt: null });
    case 'self_handle':
      if (!inStatus('reported')) return refuse('wrong-status');
      return change('verified', { registeredAt: now, disposedAt: now });
    case 'reopen':
      if (!inStatus('closed')) return refuse('wrong-status');
      if (!reason) return refuse('needs-reason');
      return change('feedback', { closedAt: null });
  }
}

/** The actions an actor could take now (the UI offers these; inputs such as a reason are asked for). */
export function possibleCaseActions(state: CaseWorkflowState, actor: CaseActor): CaseAction[] {
  const probe: CaseActionBody = { reason: 'x', unitId: 'x', until: '9999-12-31T00:00:00Z' };
  const now = new Date(0).toISOString();
  return CASE_ACTIONS.filter((action) => applyCaseAction(state, action, actor, probe, now, 24).ok);
}

// ——— the code list (data/problem-codes.csv) ———

export const problemCodeSchema = z.object({
  code: z.string().check(z.regex(/^\d{5}$/, 'a problem code has 5 digits')),
  kind: z.enum(['部件', '事项']),
  majorCode: z.string().check(z.regex(/^\d{2}$/)),
  majorName: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  legacyMajor: z.string(),
  legacyLabel: z.string(),
  /** Default 处置时限 in hours (the editable table case_time_limits starts from it). */
  timeLimitHours: z.number().check(z.positive()),
  /** Relative real-world frequency, for the generator. */
  weight: z.number().check(z.nonnegative()),
  /** The unit a case of this code is usually dispatched to (a campaign unit id). */
  defaultUnit: z.string(),
  /** `domain-md`: an example named in the project's domain reference; `illustrative`: plausible, not verified. */
  source: z.enum(['domain-md', 'illustrative']),
});
export type ProblemCode = z.infer<typeof problemCodeSchema>;
export const problemCodeListSchema = z.array(problemCodeSchema);

/** GET /api/case-codes: the code list with the current (possibly edited) time limits. */
export const caseCodesResponseSchema = z.object({ codes: problemCodeListSchema });
export type CaseCodesResponse = z.infer<typeof caseCodesResponseSchema>;

// ——— the case as the API returns it ———

export const caseSchema = z.object({
  id: z.string(),
  caseNo: z.string(),
  code: z.string(),
  legacyLabel: z.nullable(z.string()),
  description: z.string(),
  address: z.string(),
  source: caseSourceSchema,
  lon: z.number(),
  lat: z.number(),
  status: caseStatusSchema,
  unitId: z.nullable(z.string()),
  reportedAt: z.string(),
  registeredAt: z.nullable(z.string()),
  dispatchedAt: z.nullable(z.string()),
  deadlineAt: z.nullable(z.string()),
  disposedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
  zoneId: z.nullable(z.string()),
  villageCode: z.nullable(z.string()),
  gridCode: z.nullable(z.string()),
  extensionCount: z.int(),
  reworkCount: z.int(),
  suspended: z.boolean(),
  suspendedAt: z.nullable(z.string()),
  extensionRequest: z.nullable(z.object({ until: z.string(), reason: z.string() })),
  synthetic: z.boolean(),
  createdBy: z.nullable(z.string()),
  version: z.int(),
  updatedAt: z.string(),
  /** Open, not suspended and past its deadline at the time of the answer. */
  overdue: z.boolean(),
});
export type Case = z.infer<typeof caseSchema>;

export const caseStepSchema = z.object({
  seq: z.int(),
  action: z.string(),
  fromStatus: z.nullable(caseStatusSchema),
  toStatus: caseStatusSchema,
  actorUserId: z.nullable(z.string()),
  actorName: z.nullable(z.string()),
  actorRole: z.nullable(z.string()),
  actorUnit: z.nullable(z.string()),
  at: z.string(),
  note: z.nullable(z.string()),
  data: z.nullable(z.unknown()),
});
export type CaseStep = z.infer<typeof caseStepSchema>;

export function isCaseOverdue(
  cityCase: Pick<Case, 'status' | 'suspended' | 'deadlineAt' | 'disposedAt'>,
  now: string,
): boolean {
  if (cityCase.suspended || !cityCase.deadlineAt) return false;
  if (!['dispatched', 'disposing'].includes(cityCase.status)) return false;
  return Date.parse(now) > Date.parse(cityCase.deadlineAt);
}

/** The state the workflow works on, taken from a stored case. */
export function caseWorkflowState(cityCase: Case): CaseWorkflowState {
  return {
    status: cityCase.status,
    suspended: cityCase.suspended,
    suspendedAt: cityCase.suspendedAt,
    unitId: cityCase.unitId,
    deadlineAt: cityCase.deadlineAt,
    extensionRequest: cityCase.extensionRequest,
    extensionCount: cityCase.extensionCount,
    reworkCount: cityCase.reworkCount,
    registeredAt: cityCase.registeredAt,
    dispatchedAt: cityCase.dispatchedAt,
    disposedAt: cityCase.disposedAt,
    closedAt: cityCase.closedAt,
  };
}

/** The 15-character 单元网格 code: the 12-digit village code + a 3-digit serial (GB/T 47678.3). */
export const gridCodeSchema = z.string().check(z.regex(/^\d{15}$/, 'a grid code has 15 digits'));

// ——— queries and bodies ———

const splitList = z.pipe(
  z.string().check(z.maxLength(2000)),
  z.transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ),
);
const dayText = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a day YYYY-MM-DD'));
const wholeNumber = (name: string, min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, `${name} must be a whole number`)),
    z.pipe(
      z.transform(Number),
      z.number().check(z.minimum(min, `${name} is at least ${min}`), z.maximum(max, `${name} is at most ${max}`)),
    ),
  );

/** GET /api/cases query: filters (lists are comma separated), paging. */
export const caseQuerySchema = z.strictObject({
  status: z.optional(z.pipe(splitList, z.array(caseStatusSchema))),
  unit: z.optional(z.pipe(splitList, z.array(z.string().check(z.maxLength(64))))),
  code: z.optional(z.pipe(splitList, z.array(z.string().check(z.regex(/^\d{5}$/, 'a code has 5 digits'))))),
  major: z.optional(z.pipe(splitList, z.array(z.string().check(z.regex(/^\d{2}$/, 'a 大类 has 2 digits'))))),
  from: z.optional(dayText),
  to: z.optional(dayText),
  zone: z.optional(wholeNumber('zone', 1, 1e9)),
  synthetic: z.optional(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((value) => value === 'true'),
    ),
  ),
  overdue: z.optional(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((value) => value === 'true'),
    ),
  ),
  bbox: z.optional(
    z.pipe(
      z.string().check(z.maxLength(200)),
      z.transform((value, ctx) => {
        const numbers = value.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
        const [minLon, minLat, maxLon, maxLat] = numbers as [number, number, number, number];
        if (
          numbers.length !== 4 ||
          numbers.some((n) => !Number.isFinite(n)) ||
          minLon < -180 ||
          maxLon > 180 ||
          minLat < -90 ||
          maxLat > 90 ||
          minLon > maxLon ||
          minLat > maxLat
        ) {
          ctx.issues.push({
            code: 'custom',
            input: value,
            message: 'bbox must be minLon,minLat,maxLon,maxLat in range',
          });
          return z.NEVER;
        }
        return { minLon, minLat, maxLon, maxLat };
      }),
    ),
  ),
  limit: z._default(wholeNumber('limit', 1, 500), 100),
  offset: z._default(wholeNumber('offset', 0, 1e9), 0),
});
export type CaseQuery = z.output<typeof caseQuerySchema>;

/** POST /api/cases: a case reported in the app (on a phone: code, point, description). */
export const createCaseBodySchema = z.strictObject({
  code: z.string().check(z.regex(/^\d{5}$/, 'a problem code has 5 digits')),
  lon: z.number().check(z.minimum(-180), z.maximum(180)),
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  description: z
    .string()
    .check(z.trim(), z.minLength(1, 'describe the problem'), z.maxLength(1000, 'at most 1000 characters')),
  address: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  source: z.optional(caseSourceSchema),
  /** 自处理: the reporter fixed it on the spot (inspector or office). */
  selfHandled: z.optional(z.boolean()),
});
export type CreateCaseBody = z.infer<typeof createCaseBodySchema>;

export const timeLimitBodySchema = z.strictObject({
  hours: z.number().check(z.positive('hours must be more than 0'), z.maximum(8760, 'at most a year (8760 hours)')),
});

/** A case with its steps and the actions the caller may take (GET /api/cases/:id). */
export type CaseDetail = Case & { steps: CaseStep[]; actions: CaseAction[] };

/** The cases of a zone (zone panel): counts by status, the latest, and 复发 (new cases after acceptance). */
export interface ZoneCases {
  zoneId: string;
  total: number;
  byStatus: Partial<Record<CaseStatus, number>>;
  cases: Case[];
  /** When the zone was accepted (its last change to 已验收), or null. */
  acceptedAt: string | null;
  /** Cases reported after `acceptedAt`, not voided. */
  relapseCount: number;
  relapse: boolean;
}

// ——— response schemas (the client validates answers with these) ———

export const caseListResponseSchema = z.object({ cases: z.array(caseSchema), total: z.int() });
export type CaseListResponse = z.infer<typeof caseListResponseSchema>;
export const caseDetailSchema = z.object({
  ...caseSchema.shape,
  steps: z.array(caseStepSchema),
  actions: z.array(caseActionSchema),
});
export const zoneCasesSchema = z.object({
  zoneId: z.string(),
  total: z.int(),
  byStatus: z.partialRecord(caseStatusSchema, z.int()),
  cases: z.array(caseSchema),
  acceptedAt: z.nullable(z.string()),
  relapseCount: z.int(),
  relapse: z.boolean(),
});

/** Actions that ask for a reason, a unit or a new deadline before they are sent. */
export const CASE_ACTION_INPUTS: Partial<Record<CaseAction, readonly ('reason' | 'unitId' | 'until' | 'note')[]>> = {
  dispatch: ['unitId'],
  feedback: ['note'],
  send_back: ['reason'],
  fail_check: ['reason'],
  request_extension: ['until', 'reason'],
  suspend: ['reason'],
  void: ['reason'],
};

/**
 * The stored facts of one case, as the database, the generator and the platform CSV all carry them (times UTC ISO;
 * lon/lat WGS 84). Each of those adds or drops a few fields from this one shape.
 */
export interface CaseRecord {
  caseNo: string;
  code: string;
  description: string;
  address: string;
  source: CaseSource;
  lon: number;
  lat: number;
  status: CaseStatus;
  unitId: string | null;
  reportedAt: string;
  registeredAt: string | null;
  dispatchedAt: string | null;
  deadlineAt: string | null;
  disposedAt: string | null;
  closedAt: string | null;
  extensionCount: number;
  reworkCount: number;
  suspended: boolean;
}
