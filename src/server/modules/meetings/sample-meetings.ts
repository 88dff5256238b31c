import type { Actor, NewAuditEntry } from '../../platform/audit';
import type { RouteContext } from '../../platform/context';
import { addDays, shanghaiDay } from '../../../shared/time/dates';
import { generateAgenda, type AgendaContext } from './agenda';

const SAMPLE_ACTOR: Actor = { id: null, username: 'sample', ip: null };
const sampleAudit =
  (action: string) =>
  (target: { id: string }): NewAuditEntry => ({
    actorId: null,
    actorUsername: SAMPLE_ACTOR.username,
    action,
    targetType: 'meeting',
    targetId: target.id,
    outcome: 'ok',
    detail: { sample: true },
  });

/** How the sample meetings say they are sample data (their titles and the first line of the minutes). */
export const SAMPLE_MEETING_LABEL = '示例数据';

/**
 * 示例数据: last week's 例会 (held, with minutes and two decisions, one turned into a 督办 on the most overdue task of its
 * agenda) and the next 专项工作会议 (planned). Seeded once with the sample zones (`npm start` on a fresh data folder),
 * through the same repositories and agenda as the routes.
 */
export async function seedSampleMeetings(repos: RouteContext['repos'], now: Date): Promise<void> {
  const today = shanghaiDay(now);
  const context: AgendaContext = {
    repos,
    now: () => now,
    today: () => today,
    async campaign() {
      const campaign = await repos.campaign.getCampaign(today);
      if (!campaign) throw new Error('the sample data has no campaign');
      return campaign;
    },
  };
  const agenda = await generateAgenda(context);
  const office = await repos.users.findByUsername('admin');
  const createdBy = office ? Number(office.id) : null;
  const stamp = now.toISOString();
  const heldOn = addDays(today, -7);
  const overdueUnits = agenda.overdueByUnit.map((entry) => entry.unit);
  const routine = await repos.meetings.create(
    {
      kind: 'routine',
      title: `【${SAMPLE_MEETING_LABEL}】创建办工作例会`,
      date: heldOn,
      time: '09:00',
      place: '镇政府三楼会议室',
      attendees: [...new Set(['chuangjianban', 'jiwei', ...overdueUnits.slice(0, 4)])],
      state: 'held',
      agenda,
      minutes: [
        `${SAMPLE_MEETING_LABEL}：本纪要由示例数据生成，不代表真实会议。`,
        '一、通报逾期任务和督办答复情况，逾期较多的单位说明原因。',
        '二、上季度季检查未通过的点位，责任单位限期整改。',
        '三、下周重点：镇区主干道占道经营集中整治。',
      ].join('\n'),
      createdBy,
    },
    sampleAudit('meeting_created'),
    stamp,
  );
  const mostLate = agenda.overdueByUnit[0]?.tasks[0];
  const owner = agenda.overdueByUnit[0]?.unit ?? 'chengguanzhongdui';
  const supervised = await repos.meetings.addDecision(
    Number(routine.id),
    { text: '逾期任务一周内完成整改并书面答复', ownerUnit: owner, dueDate: addDays(today, 7) },
    sampleAudit('meeting_decision_created'),
    stamp,
  );
  await repos.meetings.addDecision(
    Number(routine.id),
    { text: '镇区主干道占道经营集中整治，每日巡查', ownerUnit: 'chengguanzhongdui', dueDate: addDays(today, 14) },
    sampleAudit('meeting_decision_created'),
    stamp,
  );
  if (mostLate && createdBy !== null) {
    const target = await repos.supervisions.resolveTarget({ kind: 'task', taskId: Number(mostLate.taskId) });
    if (target && (await repos.meetings.claimDecision(Number(supervised.id), 'supervision'))) {
      const created = await repos.supervisions.create(
        { ...target, unit: owner, note: supervised.text, deadline: supervised.dueDate, createdBy },
        sampleAudit('supervision_created'),
        stamp,
        today,
      );
      await repos.meetings.linkDecision(
        Number(routine.id),
        Number(supervised.id),
        'supervision',
        Number(created.id),
        sampleAudit('meeting_decision_supervision'),
      );
    }
  }
  await repos.meetings.create(
    {
      kind: 'quarterly',
      title: `【${SAMPLE_MEETING_LABEL}】环境综合整治专项工作会议`,
      date: addDays(today, 10),
      time: '14:30',
      place: '镇政府一楼大会议室',
      attendees: [
        'chuangjianban',
        'dangzhengban',
        'jiwei',
        'jianguansuo',
        'chengguanzhongdui',
        'huanweisuo',
        'shuilizhan',
      ],
      state: 'planned',
      agenda,
      minutes: '',
      createdBy,
    },
    sampleAudit('meeting_created'),
    stamp,
  );
}
