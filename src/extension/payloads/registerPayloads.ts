/**
 * Wiring for payload files and their problems, called once when the features load: which documents are payload
 * files, their CodeLens and quick-fix providers (registered at activation by the shell, which hands them every
 * request), diagnostics (parse problems and Lambda's rejections), and the diagnostics on the response documents of
 * failed invocations. Everything created is pushed to the extension's subscriptions.
 */
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
  readonly codeLens: PayloadCodeLensProvider;
  readonly quickFixes: PayloadQuickFixProvider;
}

/** Registers the payload features on top of the invoke feature (its invoke memory holds the bindings). */
export function registerPayloadFeatures(services: ExtensionContextServices, invoke: InvokeFeature): PayloadFeature {
  const files = new PayloadFiles(invoke.memory);
  const rejections = new PayloadRejections(invoke.registry);
  const diagnostics = new PayloadDiagnostics(files, rejections);
  const responses = new ResponseDiagnostics(invoke.registry, invoke.documents);
  services.context.subscriptions.push(files, rejections, diagnostics, responses);
  return {
    files,
    diagnostics,
    responses,
    codeLens: new PayloadCodeLensProvider(files),
    quickFixes: new PayloadQuickFixProvider(),
  };
}
