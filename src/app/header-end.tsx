import { useTranslation } from 'react-i18next';
import { createCampaignLookup } from '../shared/campaign/campaign-lookup';
import { useCampaign } from '../data/campaign';
import { FieldStatus } from '../features/field/components/field-status';
import { InboxBell } from '../features/notifications/components/inbox-bell';
import { UserMenu, type UserMenuProps } from '../features/session/components/user-menu';
import { pathOf, type Page } from './routes';

/**
 * Menu links of pages added after the map page's first JavaScript reached its budget (docs/quality.md P1): their
 * labels load with this chunk (zh-CN.more.json) instead of with the route table. Every signed-in role may open them.
 */
const LATER_LINKS: readonly { page: Page; label: string }[] = [
  { page: 'meetings', label: 'meetings.nav' },
  { page: 'responsibility', label: 'responsibility.nav' },
];

/**
 * The header's end for a signed-in person: the field app's status (offline banner, 待上传 N, the service worker),
 * the inbox's bell and the user menu, one chunk loaded beside the map page (never in its first JavaScript, P1) with
 * the texts the bell speaks.
 */
export function HeaderEnd(props: UserMenuProps) {
  const { t } = useTranslation();
  const campaign = useCampaign();
  const links = [...props.links, ...LATER_LINKS.map((link) => ({ href: pathOf(link.page), label: t(link.label) }))];
  return (
    <>
      <FieldStatus user={props.user} lookup={campaign.data ? createCampaignLookup(campaign.data) : null} />
      <InboxBell onNavigate={props.onNavigate} />
      <UserMenu {...props} links={links} />
    </>
  );
}
