// Replaying a scenario's world-changing steps (calls and time passing) to reach its final state, for `keyward ask`.
import { advance, durationMs } from '../../model/index.ts';
import type { State } from '../../model/index.ts';
import { runCall } from './call.ts';
import { initialStateOf } from './run.ts';
import type { Scenario, Step } from './schema.ts';
import { substitutable, substitute } from './variables.ts';
import type { Variables } from './variables.ts';

export type Replayed =
  | { readonly ok: true; readonly state: State; readonly vars: Variables; readonly ran: number }
  /** A call step that did not go as the scenario says (steps[index]): the state after it is not the one the file describes. */
  | { readonly ok: false; readonly index: number; readonly failure: string };

/** The step with its `${name}` references substituted (everything but its `note` and `save`), as the runner does. */
const resolved = <S extends Step>(s: S, vars: Variables): S => ({ ...s, ...substitute(substitutable(s), vars) });

/**
 * Run the scenario's call and advance steps from its initial world, in order, saving variables as the runner does.
 * Questions (`ask`) and invariant checks (`check`) change nothing and are skipped. A call step whose outcome does not
 * meet its `expect` stops the replay: the world after it is not the one the scenario describes.
 */
export function replayScenario(scenario: Scenario): Replayed {
  const vars = new Map<string, unknown>();
  let state = initialStateOf(scenario);
  let ran = 0;
  for (const [index, raw] of scenario.steps.entries()) {
    if ('call' in raw) {
      const r = runCall(state, resolved(raw, vars));
      if (r.failure !== undefined) return { ok: false, index, failure: r.failure };
      for (const [name, value] of Object.entries(r.saved)) vars.set(name, value);
      state = r.state;
      ran++;
    } else if ('advance' in raw) {
      state = advance(state, durationMs(raw.advance));
      ran++;
    }
  }
  return { ok: true, state, vars, ran };
}
