import type { ApiOutputs, ValueOf } from '../api-client/api-types';

// The api's answers the desk reads, from the router (never restated by hand).

type StaffOut = ApiOutputs['staff'];
export type SystemInfo = ApiOutputs['system']['info'];
/** The open shift as the screens see it (no PIN, no token). */
export type Shift = NonNullable<StaffOut['current']>;
export type DayListValue = ValueOf<StaffOut['dayList']>;
export type DayRow = DayListValue['rows'][number];
export type ShiftReportValue = ValueOf<StaffOut['shiftReport']>;
