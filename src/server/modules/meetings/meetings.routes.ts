import { setTimeout } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { auditActor, writeActor } from '../../platform/audit';
import { foundOr404, notFoundProblem } from '../../platform/found';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { idParams, idString } from '../../platform/params';
import { stampNow } from '../../platform/clock';
import { zoneOr404 } from '../zones';
import type { SupervisionEffects } from '../supervision';
import {
  createDecisionBodySchema,
  createMeetingBodySchema,
  decisionSuperviseBodySchema,
  decisionTaskBodySchema,
  meetingListQuerySchema,
  meetingVisibleTo,
  updateMeetingBodySchema,
  type Decision,
  type DecisionOutcome,
  type Meeting,
} from '../../../shared/meetings/meetings';
import { generateAgenda } from './agenda';
import type { MeetingChange } from './meetings.rows';

const meetingParams = idParams('meeting');
const decisionParams = z.object({
  id: idString('meeting id must be a positive whole number'),
  did: idString('decision id must be a positive whole number'),
});
const actionParams = z.object({
  ...decisionParams.shape,
  action: z.enum(['task', 'supervise'], { error: 'unknown action: use task or supervise' }),
});

/** How long a second request for the same decision waits for the first to finish (40 × 50 ms). */
const CLAIM_WAITS = 40;
const CLAIM_WAIT_MS = 50;

/** A task title is at most 120 characters: a longer decision keeps its whole text in the task's measures. */
const TASK_TITLE_MAX = 120;

export interface MeetingHooks {
  /** The inbox items of a 督办 issued from a decision (the notifications module). */
  supervisionIssued?: SupervisionEffects;
}

/**
 * 例会 and 专项工作会议 (src/shared/meetings): the office and leaders plan them, generate their agenda from the
 * campaign's state, keep the minutes and record decisions that become a task or a 督办. Units read the meetings they
 * attend or own a decision of.
 */
export function registerMeetingRoutes(app: FastifyInstance, context: RouteContext, hooks: MeetingHooks = {}) {
  const { repos } = context;

  function answer(reply: FastifyReply, meeting: Meeting, status = 200) {
    reply.header('ETag', etagOf(meeting.version));
    reply.header('Cache-Control', 'no-cache');
    return reply.code(status).send(meeting);
  }

  async function visibleMeeting(request: FastifyRequest, id: number): Promise<Meeting> {
    const meeting = foundOr404(await repos.meetings.get(id), 'Meeting', id);
    if (!meetingVisibleTo(meeting, request.user!)) {
      throw new HttpProblem(403, 'Units see the meetings they attend or own a decision of');
    }
    return meeting;
  }

  async function knownUnits(units: readonly string[], path: string) {
    const config = await context.campaign();
    const unknown = units.filter((unit) => !config.units.some((entry) => entry.id === unit));
    if (unknown.length) {
      throw new HttpProblem(400, `Unknown unit ${unknown.join(', ')}`, [
        { path, message: 'not a unit of the campaign' },
      ]);
    }
  }

  const meetingAudit =
    (request: FastifyRequest, action: string, detail: Record<string, unknown>) => (meeting: Meeting) => ({
      ...auditActor(request),
      action,
      targetType: 'meeting',
      targetId: meeting.id,
      outcome: 'ok' as const,
      detail: { ...detail, version: meeting.version },
    });
  const decisionAudit = (request: FastifyRequest, action: string) => (decision: Decision) => ({
    ...auditActor(request),
    action,
    targetType: 'meeting_decision',
    targetId: decision.id,
    outcome: 'ok' as const,
    detail: {
      meetingId: decision.meetingId,
      ownerUnit: decision.ownerUnit,
      dueDate: decision.dueDate,
      outcome: decision.outcome,
      taskId: decision.taskId,
      supervisionId: decision.supervisionId,
    },
  });

  /** The version a write expects (If-Match), answering 412 with the meeting as it is now. */
  function ifMatch(request: FastifyRequest, meeting: Meeting): number {
    try {
      return expectedVersion(request, meeting.version);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 412) {
        throw staleProblem({ currentVersion: meeting.version, current: meeting });
      }
      throw error;
    }
  }

  async function change(
    request: FastifyRequest,
    meeting: Meeting,
    version: number,
    patch: MeetingChange,
    action: string,
  ) {
    const result = await repos.meetings.update(
      Number(meeting.id),
      version,
      patch,
      meetingAudit(request, action, { fields: Object.keys(patch) }),
    );
    if (!result.ok) {
      if (result.reason === 'not-found') throw notFoundProblem('Meeting', meeting.id);
      throw staleProblem({ currentVersion: result.current.version, current: result.current });
    }
    return result.meeting;
  }

  app.get('/api/meetings', async (request) => {
    const query = parseOr400(meetingListQuerySchema, request.query, 'meeting query');
    const meetings = await repos.meetings.list();
    return meetings.filter(
      (meeting) => (!query.kind || meeting.kind === query.kind) && meetingVisibleTo(meeting, request.user!),
    );
  });

  app.post('/api/meetings', async (request, reply) => {
    const body = parseOr400(createMeetingBodySchema, request.body, 'meeting');
    const attendees = body.attendees ?? [];
    await knownUnits(attendees, 'attendees');
    const agenda = await generateAgenda(context);
    const created = await repos.meetings.create(
      {
        kind: body.kind,
        title: body.title,
        date: body.date,
        time: body.time,
        place: body.place ?? '',
        attendees,
        state: 'planned',
        agenda,
        minutes: '',
        createdBy: Number(request.user!.id),
      },
      meetingAudit(request, 'meeting_created', { kind: body.kind, date: body.date }),
      stampNow(),
    );
    reply.header('Location', `/api/meetings/${created.id}`);
    return answer(reply, created, 201);
  });

  app.get('/api/meetings/:id', async (request, reply) => {
    const { id } = parseOr400(meetingParams, request.params, 'meeting id');
    return answer(reply, await visibleMeeting(request, id));
  });

  app.patch('/api/meetings/:id', async (request, reply) => {
    const { id } = parseOr400(meetingParams, request.params, 'meeting id');
    const meeting = foundOr404(await repos.meetings.get(id), 'Meeting', id);
    const version = ifMatch(request, meeting);
    const body = parseOr400(updateMeetingBodySchema, request.body, 'meeting');
    if (body.attendees) await knownUnits(body.attendees, 'attendees');
    if (Object.keys(body).length === 0) {
      throw new HttpProblem(400, 'Nothing to change: name a field', [{ path: '', message: 'empty' }]);
    }
    return answer(reply, await change(request, meeting, version, body, 'meeting_updated'));
  });

  app.post('/api/meetings/:id/agenda', async (request, reply) => {
    const { id } = parseOr400(meetingParams, request.params, 'meeting id');
    const meeting = foundOr404(await repos.meetings.get(id), 'Meeting', id);
    const version = ifMatch(request, meeting);
    if (meeting.state === 'held') {
      throw new HttpProblem(409, 'The meeting was held: its agenda stays as it was discussed', [
        { path: 'state', message: 'held' },
      ]);
    }
    const agenda = await generateAgenda(context);
    return answer(reply, await change(request, meeting, version, { agenda }, 'meeting_agenda_generated'));
  });

  app.post('/api/meetings/:id/decisions', async (request, reply) => {
    const { id } = parseOr400(meetingParams, request.params, 'meeting id');
    const meeting = foundOr404(await repos.meetings.get(id), 'Meeting', id);
    const body = parseOr400(createDecisionBodySchema, request.body, 'decision');
    await knownUnits([body.ownerUnit], 'ownerUnit');
    if (body.dueDate < context.today()) {
      throw new HttpProblem(400, 'The due date is in the past', [{ path: 'dueDate', message: 'in the past' }]);
    }
    const created = await repos.meetings.addDecision(
      Number(meeting.id),
      body,
      decisionAudit(request, 'meeting_decision_created'),
      stampNow(),
    );
    reply.header('Location', `/api/meetings/${meeting.id}#decision-${created.id}`);
    return reply.code(201).send(created);
  });

  /** Claimed by a request running now: the decision once that one has stored what it created. */
  async function convertedBySomeoneElse(decision: Decision, outcome: DecisionOutcome): Promise<Decision> {
    for (let attempt = 0; attempt < CLAIM_WAITS; attempt += 1) {
      const now = await repos.meetings.getDecision(Number(decision.meetingId), Number(decision.id));
      if (now?.outcome !== outcome) {
        throw new HttpProblem(409, 'This decision became a 督办 or task already', [
          { path: 'outcome', message: String(now?.outcome) },
        ]);
      }
      if (now.taskId ?? now.supervisionId) return now;
      await setTimeout(CLAIM_WAIT_MS);
    }
    throw new HttpProblem(409, 'This decision is being turned into a task or 督办 now: read the meeting again');
  }

  /** Create the task or 督办 once: the claim makes a second (or racing) request find the decision converted. */
  async function convert(
    request: FastifyRequest,
    reply: FastifyReply,
    decision: Decision,
    outcome: DecisionOutcome,
    create: () => Promise<number>,
  ) {
    // Converted already (a repeat): the decision as it is once it holds what was created; a request that claimed it a
    // moment ago may still be creating it, so wait for that like a lost claim does.
    if (decision.outcome === outcome) {
      if (decision.taskId ?? decision.supervisionId) return reply.code(200).send(decision);
      return reply.code(200).send(await convertedBySomeoneElse(decision, outcome));
    }
    if (decision.outcome) {
      throw new HttpProblem(409, 'This decision became a 督办 or task already', [
        { path: 'outcome', message: decision.outcome },
      ]);
    }
    if (!(await repos.meetings.claimDecision(Number(decision.id), outcome))) {
      return reply.code(200).send(await convertedBySomeoneElse(decision, outcome));
    }
    let targetId: number;
    try {
      targetId = await create();
    } catch (error) {
      await repos.meetings.releaseDecision(Number(decision.id), outcome);
      throw error;
    }
    const linked = await repos.meetings.linkDecision(
      Number(decision.meetingId),
      Number(decision.id),
      outcome,
      targetId,
      decisionAudit(request, `meeting_decision_${outcome}`),
    );
    return reply.code(201).send(linked);
  }

  app.post('/api/meetings/:id/decisions/:did/actions/:action', async (request, reply) => {
    const { id, did, action } = parseOr400(actionParams, request.params, 'decision action');
    const meeting = foundOr404(await repos.meetings.get(id), 'Meeting', id);
    const decision = foundOr404(await repos.meetings.getDecision(Number(meeting.id), did), 'Decision', did);
    const today = context.today();
    if (action === 'task') {
      const body = parseOr400(decisionTaskBodySchema, request.body, 'task from a decision');
      const zoneId = Number(body.zoneId);
      if (decision.outcome === null) await zoneOr404(context, zoneId, today);
      return convert(request, reply, decision, 'task', async () => {
        const [task] = await repos.tasks.createTasks(
          zoneId,
          [
            {
              title: decision.text.slice(0, TASK_TITLE_MAX),
              measures: `${decision.text}\n（${meeting.date} ${meeting.title} 决定）`,
              dueDate: decision.dueDate,
              assignedUnit: decision.ownerUnit,
            },
          ],
          writeActor(request),
          'task_created',
        );
        return Number(task!.id);
      });
    }
    const body = parseOr400(decisionSuperviseBodySchema, request.body, '督办 from a decision');
    if (decision.outcome === null) {
      if (decision.dueDate < today) {
        throw new HttpProblem(409, 'The decision is past its due date: a 督办 needs a deadline from today on', [
          { path: 'dueDate', message: 'in the past' },
        ]);
      }
      const target = body.taskId
        ? await repos.supervisions.resolveTarget({ kind: 'task', taskId: Number(body.taskId) })
        : await repos.supervisions.resolveTarget({ kind: 'zone', zoneId: Number(body.zoneId) });
      if (!target) throw notFoundProblem(body.taskId ? 'Task' : 'Zone', body.taskId ?? body.zoneId!);
      return convert(request, reply, decision, 'supervision', async () => {
        const created = await repos.supervisions.create(
          {
            ...target,
            unit: decision.ownerUnit,
            note: decision.text,
            deadline: decision.dueDate,
            createdBy: Number(request.user!.id),
          },
          (supervision) => ({
            ...auditActor(request),
            action: 'supervision_created',
            targetType: supervision.taskId ? 'task' : 'zone',
            targetId: supervision.taskId ?? supervision.zoneId ?? supervision.id,
            outcome: 'ok',
            detail: {
              after: {
                id: supervision.id,
                note: supervision.note,
                deadline: supervision.deadline,
                unit: supervision.unit,
              },
              meetingDecision: decision.id,
            },
          }),
          stampNow(),
          today,
          hooks.supervisionIssued,
        );
        return Number(created.id);
      });
    }
    return convert(request, reply, decision, 'supervision', () => Promise.reject(new Error('unreachable')));
  });
}
