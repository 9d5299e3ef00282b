/**
 * Quick fixes for the payload diagnostics whose repair is mechanical, paired by diagnostic code (the
 * code-actions sample's pattern): remove trailing commas, remove comments, wrap plain text as a JSON string. Each
 * fixes the whole document in minimal edits from `src/core/rules/payloadFixes.ts`. Removing commas or comments keeps the
 * data as meant, so those are preferred (Auto Fix applies them); wrapping text changes what the function receives,
 * so it is offered but never preferred. Nothing is written until the person picks a fix.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, PayloadDiagnosticCodes } from '../../constants';
import { removeComments, removeTrailingCommas, type TextEdit, wrapAsJsonString } from '../../core/rules/payloadFixes';

interface FixRecipe {
  readonly title: string;
  readonly preferred: boolean;
  readonly edits: (text: string) => TextEdit[];
}

const RECIPES: ReadonlyMap<string, FixRecipe> = new Map([
  [
    PayloadDiagnosticCodes.trailingComma,
    { title: 'Remove trailing commas', preferred: true, edits: removeTrailingCommas },
  ],
  [PayloadDiagnosticCodes.comment, { title: 'Remove comments', preferred: true, edits: removeComments }],
  [
    PayloadDiagnosticCodes.plainText,
    { title: 'Wrap the text as a JSON string', preferred: false, edits: wrapAsJsonString },
  ],
]);

/** Offers the fix for each of our diagnostics in the range that has one. */
export class PayloadQuickFixProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions = new Map<string, vscode.CodeAction>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
      const recipe = RECIPES.get(diagnostic.code);
      if (!recipe) continue;
      const existing = actions.get(diagnostic.code);
      if (existing) {
        existing.diagnostics = [...(existing.diagnostics ?? []), diagnostic];
        continue;
      }
      const action = fixAction(document, recipe, diagnostic);
      if (action) actions.set(diagnostic.code, action);
    }
    return [...actions.values()];
  }
}

function fixAction(
  document: vscode.TextDocument,
  recipe: FixRecipe,
  diagnostic: vscode.Diagnostic,
): vscode.CodeAction | undefined {
  const edits = recipe.edits(document.getText());
  if (edits.length === 0) return undefined;
  const action = new vscode.CodeAction(recipe.title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    const range = new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length));
    action.edit.replace(document.uri, range, edit.content);
  }
  action.diagnostics = [diagnostic];
  action.isPreferred = recipe.preferred;
  return action;
}
