/**
 * What a command invokes, and the one place where command arguments are normalised: the palette passes nothing,
 * a Functions-view node passes itself, the explorer's context menu passes the file's Uri (and the selection).
 */
import * as vscode from 'vscode';
import { type ConnectionChoice, isConnectionChoice } from './connections';

/** A function (optionally a version or alias) on a connection, as the user chose it. */
export interface FunctionTarget {
  readonly connection: ConnectionChoice;
  readonly functionName: string;
  readonly qualifier?: string;
  /** Known when the target came from a listing; used for Copy ARN and console links. */
  readonly functionArn?: string;
}

/** Anything that stands for a target, e.g. a function or qualifier node in the Functions view. */
export interface TargetCarrier {
  readonly target: FunctionTarget;
}

/** A Functions-view node that stands for a connection (Local, a profile's region, a custom endpoint). */
export interface ConnectionCarrier {
  readonly connection: ConnectionChoice;
}

/** A Functions-view node or message item that names an AWS profile (Sign In, Select Regions…). */
export interface ProfileCarrier {
  readonly profile: string;
}

export interface CommandArgs {
  readonly target?: FunctionTarget;
  /** A payload file chosen in the explorer (or an editor title button). */
  readonly payloadUri?: vscode.Uri;
  /** The connection of the node the command was run on (a function node's too). */
  readonly connection?: ConnectionChoice;
  /** The AWS profile of the node the command was run on, when it has one. */
  readonly profile?: string;
}

export function isFunctionTarget(value: unknown): value is FunctionTarget {
  if (typeof value !== 'object' || value === null) return false;
  const target = value as Record<string, unknown>;
  return (
    isConnectionChoice(target.connection) &&
    typeof target.functionName === 'string' &&
    (target.qualifier === undefined || typeof target.qualifier === 'string')
  );
}

function isTargetCarrier(value: unknown): value is TargetCarrier {
  return typeof value === 'object' && value !== null && isFunctionTarget((value as { target?: unknown }).target);
}

/** A short description: `my-fn:live (Local)`. */
export function describeTarget(target: FunctionTarget, connectionLabel: string): string {
  return `${target.functionName}${target.qualifier ? `:${target.qualifier}` : ''} (${connectionLabel})`;
}

/**
 * Turns whatever VS Code passed to a command into what the command needs; unknown arguments are ignored. A target
 * may be followed by a payload file's Uri (a CodeLens or a test invoking a node with a file); the explorer and the
 * views pass the selection as an array there, which is not a Uri.
 */
export function normaliseCommandArgs(args: readonly unknown[]): CommandArgs {
  const [first, second] = args;
  const withFile = second instanceof vscode.Uri ? { payloadUri: second } : {};
  if (first instanceof vscode.Uri) return { payloadUri: first };
  if (isTargetCarrier(first)) return { target: first.target, ...fromConnection(first.target.connection), ...withFile };
  if (isFunctionTarget(first)) return { target: first, ...fromConnection(first.connection), ...withFile };
  if (typeof first !== 'object' || first === null) return {};
  const { connection, profile } = first as Partial<ConnectionCarrier & ProfileCarrier>;
  if (isConnectionChoice(connection)) return fromConnection(connection);
  if (typeof profile === 'string' && profile) return { profile };
  return {};
}

function fromConnection(connection: ConnectionChoice): CommandArgs {
  return connection.kind === 'aws' ? { connection, profile: connection.profile } : { connection };
}
