// Data types the renderer reads; type-only, so no core code reaches the browser.
export type { FeeRule, FormField, LocalizedText, Paper, Procedure, ProcedureField } from '../core/catalog/catalog-schema';
export type { ComponentStatus } from '../core/system/component-status';
