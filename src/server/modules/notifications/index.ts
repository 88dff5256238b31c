import type { ModuleOptions, ServerModule } from '../../platform/context';
import { registerNotificationRoutes } from './notifications.routes';
import type { Notifier } from './notifier';

export {
  createNotifier,
  loadNotificationRules,
  supervisionLink,
  supervisionTarget,
  type Notifier,
  type NotifySettings,
} from './notifier';
export type { NotificationRepository } from './notifications.rows';

export interface NotificationsModuleOptions extends ModuleOptions {
  notifier: Notifier;
}

/** Notifications: the inbox, the rules, group robots and the delivery worker (docs/notifications.md). */
export const notificationsModule: ServerModule<NotificationsModuleOptions> = async (app, { context, notifier }) => {
  registerNotificationRoutes(app, context, notifier);
  await notifier.reloadRules();
  notifier.start();
  app.addHook('onClose', () => notifier.stop());
};
