import * as z from 'zod/mini';
import {
  assessmentConfigSchema,
  campaignItemSchema,
  groupSchema,
  statusDefinitionSchema,
  unitSchema,
} from './campaign';
import { DELIVERABLE_KINDS } from './deliverables';

/**
 * The campaign configuration file (data/campaign.json) as the server reads it: its schema and the checks across its
 * parts. Server-side only (the client gets the campaign from GET /api/campaign, campaign.ts), so it stays out of the
 * map page's bundle.
 */
const nonEmpty = z.string().check(z.minLength(1));
const colorSchema = z.string().check(z.regex(/^#[0-9a-f]{6}$/i, 'colour must be #rrggbb'));
const monthDaySchema = z.string().check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD'));

const phaseDateTemplateSchema = z.object({
  yearOffset: z.int().check(z.minimum(0), z.maximum(3)),
  monthDay: monthDaySchema,
});

/** A deliverable of a phase: its kind, its name as the plan says it, and when it is due (absent: the phase's end). */
export const deliverableTemplateSchema = z.object({
  kind: z.enum(DELIVERABLE_KINDS),
  name: nonEmpty,
  nameEn: nonEmpty,
  due: z.optional(phaseDateTemplateSchema),
});
export type DeliverableTemplate = z.infer<typeof deliverableTemplateSchema>;

export const phaseTemplateSchema = z.object({
  seq: z.int().check(z.positive()),
  name: nonEmpty,
  nameEn: nonEmpty,
  start: phaseDateTemplateSchema,
  end: phaseDateTemplateSchema,
  /** What the phase must produce (src/shared/campaign/deliverables.ts); each kind once per phase. */
  deliverables: z.optional(
    z
      .array(deliverableTemplateSchema)
      .check(
        z.refine((list) => new Set(list.map((entry) => entry.kind)).size === list.length, 'a deliverable kind twice'),
      ),
  ),
});
export type PhaseTemplate = z.infer<typeof phaseTemplateSchema>;

/** The campaign configuration file (data/campaign.json). */
export const campaignConfigSchema = z
  .object({
    campaign: z.object({
      id: nonEmpty,
      name: nonEmpty,
      nameEn: nonEmpty,
      templateYear: z.int(),
      timezone: z.literal('Asia/Shanghai'),
    }),
    groups: z.array(groupSchema).check(z.minLength(1)),
    units: z.array(unitSchema).check(z.minLength(1)),
    items: z.array(campaignItemSchema).check(z.minLength(1)),
    phases: z.array(phaseTemplateSchema).check(z.minLength(1)),
    zoneStatuses: z.array(statusDefinitionSchema).check(z.minLength(1)),
    taskStatuses: z.array(statusDefinitionSchema).check(z.minLength(1)),
    overdueColor: colorSchema,
    notApplicableColor: colorSchema,
    /** 年考核 weights and grades; the defaults above when absent. */
    assessment: z.optional(assessmentConfigSchema),
  })
  .check(
    z.superRefine((config, ctx) => {
      const unitIds = new Set(config.units.map((unit) => unit.id));
      const codes = new Set<string>();
      config.units.forEach((unit, index) => {
        const local = unit.kind === 'community' || unit.kind === 'village';
        if (local !== (unit.code !== undefined)) {
          const message = 'a community or village has a statistical code, a department none';
          ctx.addIssue({ code: 'custom', path: ['units', index, 'code'], message });
        }
        if (unit.code === undefined) return;
        if (!/^\d{12}$/.test(unit.code)) {
          ctx.addIssue({
            code: 'custom',
            path: ['units', index, 'code'],
            message: 'expected a 12-digit statistical code',
          });
        }
        if (codes.has(unit.code)) {
          ctx.addIssue({ code: 'custom', path: ['units', index, 'code'], message: `duplicate code ${unit.code}` });
        }
        codes.add(unit.code);
      });
      const groupCodes = new Set(config.groups.map((group) => group.code));
      config.items.forEach((item, index) => {
        if (!groupCodes.has(item.group)) {
          ctx.addIssue({ code: 'custom', path: ['items', index, 'group'], message: `unknown group ${item.group}` });
        }
        for (const unitId of [item.leadUnit, ...item.responsibleUnits]) {
          if (unitId !== null && !unitIds.has(unitId)) {
            ctx.addIssue({ code: 'custom', path: ['items', index], message: `unknown unit ${unitId}` });
          }
        }
      });
    }),
  );
export type CampaignConfig = z.infer<typeof campaignConfigSchema>;
