/**
 * The two pickers the Functions view offers: Select Profile and Region… (sets the connection palette invocations
 * use) and Select Regions… (which regions a profile shows, saved in `lambdaStream.regions`). Profiles are read fresh
 * each time, so one added with `aws configure` appears without a reload.
 */
import * as vscode from 'vscode';
import type { ProfileDiscovery } from '../../core/aws/profiles';
import { config } from '../config';
import { type ConnectionChoice, choiceKey, choiceLabel, ENVIRONMENT_PROFILE, LOCAL_CHOICE } from '../connections';
import { isRegionCode, orderRegions, regionName } from './awsRegions';

interface ConnectionPick extends vscode.QuickPickItem {
  readonly choice?: ConnectionChoice;
  readonly profile?: string;
}

/** Asks for a connection; an AWS profile then asks for one of its regions. Undefined when the user cancels. */
export async function pickConnection(
  found: ProfileDiscovery,
  current: ConnectionChoice,
): Promise<ConnectionChoice | undefined> {
  const items: ConnectionPick[] = [{ label: '$(vm) Local', description: 'the bundled endpoint', choice: LOCAL_CHOICE }];
  for (const endpoint of config.customEndpoints()) {
    items.push({
      label: `$(plug) ${endpoint.name}`,
      description: endpoint.endpoint,
      choice: { kind: 'custom', name: endpoint.name },
    });
  }
  const profiles = found.profiles.map((profile) => profile.name);
  if (found.environmentCredentials) profiles.push(ENVIRONMENT_PROFILE);
  if (profiles.length > 0) items.push({ label: 'AWS profiles', kind: vscode.QuickPickItemKind.Separator });
  for (const profile of profiles) {
    const info = found.profiles.find((candidate) => candidate.name === profile);
    const label = profile === ENVIRONMENT_PROFILE ? 'Environment credentials' : profile;
    items.push({
      label: `$(${profile === ENVIRONMENT_PROFILE ? 'key' : 'account'}) ${label}`,
      description: [info?.sso ? 'SSO' : undefined, info?.region].filter(Boolean).join(' · '),
      profile,
    });
  }
  const marked = items.map((item) =>
    isCurrent(item, current)
      ? { ...item, description: [item.description, 'current'].filter(Boolean).join(' · ') }
      : item,
  );
  const picked = await vscode.window.showQuickPick(marked, {
    title: 'Select Profile and Region',
    placeHolder: `Invocations from the palette use ${choiceLabel(current)}`,
  });
  if (!picked) return undefined;
  if (picked.choice) return picked.choice;
  if (!picked.profile) return undefined;
  const info = found.profiles.find((candidate) => candidate.name === picked.profile);
  const preferred =
    config.regions()[picked.profile] ??
    [info?.region ?? found.environmentRegion].filter((region): region is string => Boolean(region));
  const region = await pickRegion(picked.profile, preferred);
  return region ? { kind: 'aws', profile: picked.profile, region } : undefined;
}

function isCurrent(item: ConnectionPick, current: ConnectionChoice): boolean {
  if (item.choice) return choiceKey(item.choice) === choiceKey(current);
  return current.kind === 'aws' && item.profile === current.profile;
}

/** One region, the profile's own first; a region code not in the list can be typed. */
async function pickRegion(profile: string, preferred: readonly string[]): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  quickPick.title = `Region for ${profile === ENVIRONMENT_PROFILE ? 'environment credentials' : profile}`;
  quickPick.placeholder = 'Pick a region, or type a region code';
  quickPick.items = orderRegions(preferred).map((code) => ({ label: code, description: regionName(code) }));
  return new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      const typed = quickPick.value.trim();
      resolve(quickPick.selectedItems[0]?.label ?? (isRegionCode(typed) ? typed : undefined));
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}

/** Lets the user choose the regions a profile shows, and saves them in the user settings. */
export async function pickRegions(profile: string, current: readonly string[]): Promise<boolean> {
  const items = orderRegions(current).map((code) => ({
    label: code,
    description: regionName(code),
    picked: current.includes(code),
  }));
  const label = profile === ENVIRONMENT_PROFILE ? 'environment credentials' : `profile ${profile}`;
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: `Regions shown for ${label}` });
  if (!picked) return false;
  const regions = { ...config.regions() };
  if (picked.length > 0) regions[profile] = picked.map((item) => item.label);
  else delete regions[profile];
  await vscode.workspace.getConfiguration('lambdaStream').update('regions', regions, vscode.ConfigurationTarget.Global);
  return true;
}
