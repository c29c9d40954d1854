/**
 * 统计报表 (README § Reports): a read-only supervisor command. Only the /admin table lists it, so a
 * clerk's panel or a device asking is answered FORBIDDEN by the registry like any event its role
 * does not have. The range is checked before anything is read (reversed, malformed or longer than
 * REPORT_MAX_DAYS: BAD_REQUEST naming the field); the answer comes from the report projection's
 * tables, never from a replay of the log.
 */
import { protocolError } from '../../../state-machines/protocol/errors.ts';
import { reportQueryRequest } from '../../../state-machines/protocol/messages.ts';
import type { AdminClientEvents } from '../../../state-machines/protocol/socket-events.ts';
import { rangeRefusal } from '../../../state-machines/reports/range.ts';
import { defineCommands } from '../registry.ts';

export const reportCommands = defineCommands<AdminClientEvents>()({
  'report:query': {
    schema: reportQueryRequest,
    cost: 'report',
    check: (req) => rangeRefusal(req),
    run: (req, c) => {
      const reports = c.services.reports;
      if (reports === undefined || reports.broken !== undefined) {
        return { ok: false, error: protocolError('INTERNAL', '统计报表暂不可用，请联系管理员', 'Reports are unavailable; ask the IT person') };
      }
      return { ok: true, seq: c.services.hall.seq, result: reports.report({ from: req.from, to: req.to }, req.groupBy) };
    },
  },
});
