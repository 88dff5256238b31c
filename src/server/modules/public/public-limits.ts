/** The public site's rate limits (docs/public.md): requests per address or phone number per window. */
export interface PublicLimits {
  /** New reports from one address per hour. */
  reportsPerAddressPerHour: number;
  /** New reports giving one phone number per day. */
  reportsPerPhonePerDay: number;
  /** 我也遇到 and feedback answers from one address per hour. */
  actionsPerAddressPerHour: number;
}

export const DEFAULT_PUBLIC_LIMITS: PublicLimits = {
  reportsPerAddressPerHour: 10,
  reportsPerPhonePerDay: 5,
  actionsPerAddressPerHour: 30,
};

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
