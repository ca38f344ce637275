// KMS events driven by the clock (placeholder: filled in by the KMS work).
import type { State } from '../state.ts';
export const kmsTimePasses = (state: State, until: number): State => ({ ...state, now: until });
