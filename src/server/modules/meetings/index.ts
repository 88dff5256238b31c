import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { Notifier } from '../notifications';
import { registerMeetingRoutes } from './meetings.routes';

export { seedSampleMeetings } from './sample-meetings';
export type { MeetingRepository } from './meetings.rows';

export interface MeetingsModuleOptions extends ModuleOptions {
  /** The inbox items of a 督办 issued from a decision (the notifications module). */
  notifier?: Pick<Notifier, 'supervisionEffects'>;
}

/** 例会 and the quarterly 专项工作会议: agenda from the campaign's state, minutes, decisions → tasks or 督办. */
export const meetingsModule: ServerModule<MeetingsModuleOptions> = async (app, { context, notifier }) => {
  registerMeetingRoutes(app, context, notifier ? { supervisionIssued: notifier.supervisionEffects('issued') } : {});
};
