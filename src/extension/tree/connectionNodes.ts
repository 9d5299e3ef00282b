/**
 * AWS connections in the Functions view: a node per profile (and one for environment credentials), a node per
 * region under it (the regions chosen in `lambdaStream.regions`, else the profile's own), and a node per custom
 * endpoint from settings. Region and endpoint nodes list their functions through a `FunctionList`.
 */
import * as vscode from 'vscode';
import { ContextValues } from './contextValues';
import { checkEndpointUrl } from '../../core/aws/connection';
import type { AwsProfileInfo } from '../../core/aws/profiles';
import { commandId, Commands } from '../../constants';
import { config, type CustomEndpointSetting } from '../config';
import { type ConnectionChoice, ENVIRONMENT_PROFILE } from '../connections';
import type { ConnectionCarrier, ProfileCarrier } from '../targets';
import { regionName } from './awsRegions';
import { FunctionList } from './functionList';
import type { TreeContext } from './treeContext';
import { MessageNode, type PagedParent, type TreeNode } from './treeNode';

const CREDENTIAL_WORDS: Record<AwsProfileInfo['credentialKind'], string> = {
  sso: 'SSO',
  keys: 'access keys',
  role: 'assumes a role',
  process: 'credential process',
  webIdentity: 'web identity',
  login: 'console sign-in',
  none: 'no credentials in the files',
};

/** A profile from the shared files, or the environment's credentials (`profile` is then `ENVIRONMENT_PROFILE`). */
export class ProfileNode implements TreeNode, ProfileCarrier {
  readonly id: string;
  private readonly regionNodes = new Map<string, RegionNode>();

  constructor(
    readonly profile: string,
    private readonly info: AwsProfileInfo | undefined,
    /** `AWS_REGION`, for a profile without a region of its own. */
    private readonly fallbackRegion: string | undefined,
    private readonly context: TreeContext,
  ) {
    this.id = `aws|${profile}`;
  }

  /** The regions shown: the user's choice for this profile, else its own region (or `AWS_REGION`). */
  regions(): string[] {
    const chosen = config.regions()[this.profile]?.filter((region) => typeof region === 'string' && region.trim());
    if (chosen && chosen.length > 0) return [...new Set(chosen.map((region) => region.trim()))];
    const own = this.info?.region ?? this.fallbackRegion;
    return own ? [own] : [];
  }

  treeItem(): vscode.TreeItem {
    const isEnvironment = this.profile === ENVIRONMENT_PROFILE;
    const item = new vscode.TreeItem(
      isEnvironment ? 'Environment credentials' : this.profile,
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    const notes = isEnvironment
      ? ['AWS_ACCESS_KEY_ID']
      : [this.info?.sso ? 'SSO' : undefined, this.info?.isEnvironmentProfile ? 'AWS_PROFILE' : undefined];
    item.description = [...notes, this.regions().join(', ')].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(this.tooltip(isEnvironment));
    item.iconPath = new vscode.ThemeIcon(isEnvironment ? 'key' : 'account');
    item.contextValue = this.info?.sso ? ContextValues.profileSso : ContextValues.profile;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    const regions = this.regions();
    if (regions.length === 0) {
      return [
        new MessageNode(
          `${this.id}|no-region`,
          `No region set for ${this.profile === ENVIRONMENT_PROFILE ? 'the environment credentials' : `profile ${this.profile}`}`,
          {
            icon: 'warning',
            action: {
              title: 'Select Regions…',
              command: commandId(Commands.selectRegions),
              arguments: [{ profile: this.profile }],
            },
          },
        ),
      ];
    }
    return regions.map((region) => {
      let node = this.regionNodes.get(region);
      if (!node) {
        node = new RegionNode(this.id, { kind: 'aws', profile: this.profile, region }, this.context);
        this.regionNodes.set(region, node);
      }
      return node;
    });
  }

  reset(): void {
    for (const node of this.regionNodes.values()) node.reset();
  }

  private tooltip(isEnvironment: boolean): string {
    if (isEnvironment) return 'Credentials from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`';
    const info = this.info;
    const from = info?.sources
      .map((source) => (source === 'environment' ? '`AWS_PROFILE` (in no file)' : `the ${source} file`))
      .join(' and ');
    return [
      `**${this.profile}**`,
      '',
      `Credentials: ${CREDENTIAL_WORDS[info?.credentialKind ?? 'none']}  `,
      from ? `Declared in ${from}  ` : '',
    ].join('\n');
  }
}

/** One region of a profile; its children are the region's functions. */
export class RegionNode implements PagedParent, ConnectionCarrier {
  readonly id: string;
  private readonly list: FunctionList;

  constructor(
    parentId: string,
    readonly connection: ConnectionChoice & { kind: 'aws' },
    private readonly context: TreeContext,
  ) {
    this.id = `${parentId}|${connection.region}`;
    const profile = connection.profile === ENVIRONMENT_PROFILE ? undefined : connection.profile;
    this.list = new FunctionList(
      this,
      connection,
      { profile, region: connection.region },
      context,
      'No functions in this region',
    );
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.connection.region, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = regionName(this.connection.region);
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = ContextValues.region;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    const listWith = await this.context.listingConnection(this.connection);
    return listWith ? this.list.children(listWith) : [];
  }

  requestMore(): void {
    this.list.requestMore();
  }

  reset(): void {
    this.list.reset();
  }
}

/** A Lambda-compatible endpoint from `lambdaStream.customEndpoints` (LocalStack, a proxy). */
export class CustomEndpointNode implements PagedParent, ConnectionCarrier {
  readonly id: string;
  readonly connection: ConnectionChoice;
  private readonly list: FunctionList;

  constructor(
    private readonly setting: CustomEndpointSetting,
    private readonly context: TreeContext,
  ) {
    this.id = `custom|${setting.name}`;
    this.connection = { kind: 'custom', name: setting.name };
    this.list = new FunctionList(
      this,
      this.connection,
      { endpoint: setting.endpoint, region: setting.region, profile: setting.profile },
      context,
      'No functions on this endpoint',
    );
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.setting.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.setting.endpoint;
    item.tooltip = `${this.setting.endpoint}${this.setting.profile ? ` (profile ${this.setting.profile})` : ''}, from the lambdaStream.customEndpoints setting`;
    item.iconPath = new vscode.ThemeIcon('plug');
    item.contextValue = ContextValues.customEndpoint;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    const problem = checkEndpointUrl(this.setting.endpoint, { allowInsecureHttp: config.allowInsecureEndpoints() });
    if (problem) {
      const action = {
        title: 'Open Settings',
        command: 'workbench.action.openSettings',
        arguments: ['lambdaStream.customEndpoints'],
      };
      return [new MessageNode(`${this.id}|bad-url`, problem.replace(/\.$/, ''), { icon: 'error', action })];
    }
    const listWith = await this.context.listingConnection(this.connection);
    return listWith ? this.list.children(listWith) : [];
  }

  requestMore(): void {
    this.list.requestMore();
  }

  reset(): void {
    this.list.reset();
  }
}
