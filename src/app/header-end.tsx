import { InboxBell } from '../features/notifications/components/inbox-bell';
import { UserMenu, type UserMenuProps } from '../features/session/components/user-menu';

/**
 * The header's end for a signed-in person: the inbox's bell and the user menu, one chunk loaded beside the map page
 * (never in its first JavaScript, P1) with the texts the bell speaks.
 */
export function HeaderEnd(props: UserMenuProps) {
  return (
    <>
      <InboxBell onNavigate={props.onNavigate} />
      <UserMenu {...props} />
    </>
  );
}
