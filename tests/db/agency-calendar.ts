// The agency's calendar as the tests count it: protocol and medication versions take effect at
// the start of their effective date in the agency's time zone (migration 20261202004100).
import { addDays, dateInZone } from '../../src/console/format';

/** reference_state.time_zone's default: the County's data is Los Angeles'. */
export const AGENCY_TIME_ZONE = 'America/Los_Angeles';

/** The agency's calendar date `offsetDays` from today. */
export function agencyDate(offsetDays = 0): string {
  return addDays(dateInZone(AGENCY_TIME_ZONE), offsetDays);
}
