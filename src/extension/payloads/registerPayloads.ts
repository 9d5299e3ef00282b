/**
 * Wiring for payload files and their problems, called once from `activate`: which documents are payload files,
 * their CodeLens, diagnostics (parse problems and Lambda's rejections) with quick fixes, and the diagnostics on the
 * response documents of failed invocations. Everything created is pushed to the extension's subscriptions.
 */
import * as vscode from 'vscode';
import type { InvokeFeature } from '../invoke/invokeFeature';
import type { ExtensionContextServices } from '../services';
import { PayloadCodeLensProvider } from './payloadCodeLens';
import { PayloadDiagnostics } from './payloadDiagnostics';
import { PayloadFiles } from './payloadFiles';
import { PayloadQuickFixProvider } from './payloadQuickFixes';
import { PayloadRejections } from './payloadRejections';
import { ResponseDiagnostics } from './responseDiagnostics';

/** The payload features' long-lived parts. */
export interface PayloadFeature {
  readonly files: PayloadFiles;
  readonly diagnostics: PayloadDiagnostics;
  readonly responses: ResponseDiagnostics;
}

/** Payload files are JSON documents, and `.json` files whose language was switched (say, to plain text). */
const PAYLOAD_DOCUMENTS: vscode.DocumentSelector = [{ language: 'json' }, { scheme: 'file', pattern: '**/*.json' }];

/** Registers the payload features on top of the invoke feature (its invoke memory holds the bindings). */
export function registerPayloadFeatures(services: ExtensionContextServices, invoke: InvokeFeature): PayloadFeature {
  const files = new PayloadFiles(invoke.memory);
  const rejections = new PayloadRejections(invoke.registry);
  const diagnostics = new PayloadDiagnostics(files, rejections);
  const responses = new ResponseDiagnostics(invoke.registry, invoke.documents);
  services.context.subscriptions.push(
    files,
    rejections,
    diagnostics,
    responses,
    vscode.languages.registerCodeLensProvider(PAYLOAD_DOCUMENTS, new PayloadCodeLensProvider(files)),
    vscode.languages.registerCodeActionsProvider(PAYLOAD_DOCUMENTS, new PayloadQuickFixProvider(), {
      providedCodeActionKinds: PayloadQuickFixProvider.providedCodeActionKinds,
    }),
  );
  return { files, diagnostics, responses };
}
