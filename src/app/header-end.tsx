import { createCampaignLookup } from '../shared/campaign/campaign-lookup';
import { useCampaign } from '../data/campaign';
import { FieldStatus } from '../features/field/components/field-status';
import { UserMenu, type UserMenuProps } from '../features/session/components/user-menu';

/**
 * The header's end for a signed-in user: the user menu and the field app's status (offline banner, 待上传 N, the
 * service worker). Loaded lazily beside the map, so none of it is in the map page's first JavaScript (P1).
 */
export function HeaderEnd(props: UserMenuProps) {
  const campaign = useCampaign();
  return (
    <>
      <FieldStatus user={props.user} lookup={campaign.data ? createCampaignLookup(campaign.data) : null} />
      <UserMenu {...props} />
    </>
  );
}
