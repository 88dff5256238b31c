/**
 * The app's one breakpoint. CSS cannot read a variable in @media, so every @media width in the
 * stylesheets must equal one of these numbers (src/styles/styles.test.ts checks); JavaScript imports
 * them from here. Phones 360–414 px wide get the drawer and bottom-sheet layout.
 */
export const PHONE_MAX_WIDTH_PX = 760;
export const PHONE_MEDIA_QUERY = `(max-width: ${PHONE_MAX_WIDTH_PX}px)`;
/** The first width past a phone, for min-width queries. */
export const WIDE_MIN_WIDTH_PX = PHONE_MAX_WIDTH_PX + 1;
/** On phones the panel is a bottom sheet over this share of the map: shapes are fitted above it. */
export const PHONE_SHEET_SHARE = 0.55;
