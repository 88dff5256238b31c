import type { Actor } from '../../platform/audit';
import type { Repositories } from '../../platform/context';
import { addDays, shanghaiDay } from '../../../shared/time/dates';
import { bulletinDraft } from './bulletins.routes';

const SAMPLE_ACTOR: Actor = { id: null, username: 'sample', ip: null };

/** How the sample bulletin says it is sample data (its title and the first line of its text). */
export const SAMPLE_BULLETIN_LABEL = '示例数据';

/**
 * One published 公开通报 (示例数据) for last month, generated from the sample data like any other, so a newcomer sees
 * the residents' site with a bulletin. Seeded once with the sample zones (`npm start` on a fresh data folder).
 */
export async function seedSampleBulletin(repos: Repositories, now: Date): Promise<void> {
  const today = shanghaiDay(now);
  const month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const context = {
    repos,
    today: () => today,
    async campaign() {
      const campaign = await repos.campaign.getCampaign(today);
      if (!campaign) throw new Error('the sample data has no campaign');
      return campaign;
    },
  };
  const draft = await bulletinDraft(context, month);
  const created = await repos.bulletins.create(
    {
      ...draft,
      title: `【${SAMPLE_BULLETIN_LABEL}】${draft.title}`,
      text: `${SAMPLE_BULLETIN_LABEL}：本通报由示例数据生成，不代表真实整治情况。${draft.text ? `\n${draft.text}` : ''}`,
    },
    SAMPLE_ACTOR,
    now.toISOString(),
  );
  if (created) {
    await repos.bulletins.setPublished(Number(created.id), created.version, true, SAMPLE_ACTOR, now.toISOString());
  }
}
