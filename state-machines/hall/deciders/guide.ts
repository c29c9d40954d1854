/**
 * `guide.*`: 首问负责 at the 导办台 (README § The guide desk). The guide
 * records the help given — the item (if one), the question, the answer — and
 * to whom the visitor was handed: a window of this hall, or a named person.
 * The n-th help of a service day is `<day>/H<n>`.
 */
import { helpIdFor } from '../../domain/guide.ts';
import { serviceDayOf } from '../../domain/service-day.ts';
import type { Decider } from './decider.ts';
import { handedToOneOnly, unknownItem, unknownWindow } from './refusals.ts';
import { accept, refuse } from './result.ts';

const help: Decider<'guide.help'> = (state, config, command, now) => {
  if (command.itemId !== undefined && !config.items.some((i) => i.id === command.itemId)) return refuse(unknownItem(command.itemId));
  if (command.handedToWindow !== undefined && command.handedToPerson !== undefined) return refuse(handedToOneOnly());
  if (command.handedToWindow !== undefined && !config.windows.some((w) => w.number === command.handedToWindow)) {
    return refuse(unknownWindow(command.handedToWindow));
  }
  const serviceDay = serviceDayOf(now, config.hall.timezone);
  const today = Object.values(state.guideHelp ?? {}).filter((h) => h.serviceDay === serviceDay).length;
  return accept({
    type: 'guide.helped',
    helpId: helpIdFor(serviceDay, today + 1),
    serviceDay,
    guideId: command.guideId,
    itemId: command.itemId,
    question: command.question,
    answer: command.answer,
    handedToWindow: command.handedToWindow,
    handedToPerson: command.handedToPerson,
  });
};

export const guideDeciders = {
  'guide.help': help,
};
