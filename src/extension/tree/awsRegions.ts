/**
 * The AWS regions offered by Select Regions… and Select Profile and Region…, with the names the console uses, so a
 * person picks "Europe (Ireland)" rather than remembering `eu-west-1`. A region not listed here can still be typed.
 * No `vscode`: the list and its ordering are plain data.
 */

/** Commercial regions where Lambda runs, in the console's order. */
export const AWS_REGIONS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-east-2', 'US East (Ohio)'],
  ['us-west-1', 'US West (N. California)'],
  ['us-west-2', 'US West (Oregon)'],
  ['af-south-1', 'Africa (Cape Town)'],
  ['ap-east-1', 'Asia Pacific (Hong Kong)'],
  ['ap-east-2', 'Asia Pacific (Taipei)'],
  ['ap-south-1', 'Asia Pacific (Mumbai)'],
  ['ap-south-2', 'Asia Pacific (Hyderabad)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
  ['ap-southeast-2', 'Asia Pacific (Sydney)'],
  ['ap-southeast-3', 'Asia Pacific (Jakarta)'],
  ['ap-southeast-4', 'Asia Pacific (Melbourne)'],
  ['ap-southeast-5', 'Asia Pacific (Malaysia)'],
  ['ap-southeast-7', 'Asia Pacific (Thailand)'],
  ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-northeast-3', 'Asia Pacific (Osaka)'],
  ['ca-central-1', 'Canada (Central)'],
  ['ca-west-1', 'Canada West (Calgary)'],
  ['eu-central-1', 'Europe (Frankfurt)'],
  ['eu-central-2', 'Europe (Zurich)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['eu-west-2', 'Europe (London)'],
  ['eu-west-3', 'Europe (Paris)'],
  ['eu-south-1', 'Europe (Milan)'],
  ['eu-south-2', 'Europe (Spain)'],
  ['eu-north-1', 'Europe (Stockholm)'],
  ['il-central-1', 'Israel (Tel Aviv)'],
  ['me-south-1', 'Middle East (Bahrain)'],
  ['me-central-1', 'Middle East (UAE)'],
  ['mx-central-1', 'Mexico (Central)'],
  ['sa-east-1', 'South America (São Paulo)'],
];

const NAMES = new Map(AWS_REGIONS);

/** The console name of a region, or undefined for one this list does not know. */
export function regionName(code: string): string | undefined {
  return NAMES.get(code);
}

/** Region codes look like `eu-west-1` or `us-gov-west-1`; used to accept a typed region that is not listed. */
export function isRegionCode(text: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(text.trim());
}

/** The regions to offer: those already chosen first (in their order), then the rest of the list. */
export function orderRegions(chosen: readonly string[]): string[] {
  const rest = AWS_REGIONS.map(([code]) => code).filter((code) => !chosen.includes(code));
  return [...chosen, ...rest];
}
