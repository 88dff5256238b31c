import { createCampaignLookup } from '../shared/campaign/campaign-lookup';
import { useCampaign } from '../data/campaign';
import { FieldStatus } from '../features/field/components/field-status';
import { InboxBell } from '../features/notifications/components/inbox-bell';
import { UserMenu, type UserMenuProps } from '../features/session/components/user-menu';

/**
 * The header's end for a signed-in person: the field app's status (offline banner, 待上传 N, the service worker),
 * the inbox's bell and the user menu, one chunk loaded beside the map page (never in its first JavaScript, P1) with
 * the texts the bell speaks.
 */
export function HeaderEnd(props: UserMenuProps) {
  const campaign = useCampaign();
  return (
    <>
      <FieldStatus user={props.user} lookup={campaign.data ? createCampaignLookup(campaign.data) : null} />
      <InboxBell onNavigate={props.onNavigate} />
      <UserMenu {...props} />
    </>
  );
}
