/**
 * 导办台 commands (README § The guide desk): the guide records 首问负责 help,
 * takes a ticket on a visitor's behalf (帮办) and files 办不成事反映; the
 * supervisor takes complaints on and answers them; a clerk records the 咨询
 * enquiry of a consultation ticket at 办结. Only the guide's table (/guide)
 * lists the guide's commands, so a clerk or supervisor asking is answered
 * FORBIDDEN by the registry, and a guide asking a clerk's is too.
 *
 * The complainant's name and phone are masked here, before the command is
 * built: decide, the log and every screen see 张*三 and 138****1234 only. The
 * full number is not kept (README § The guide desk → Personal data says why).
 */
import { maskName, maskPhone } from '../../../state-machines/domain/appointment.ts';
import { own } from '../../../state-machines/hall/state.ts';
import {
  fileComplaintRequest,
  guideHelpRequest,
  guideTakeTicketRequest,
  recordEnquiryRequest,
  resolveComplaintRequest,
  takeComplaintRequest,
} from '../../../state-machines/protocol/messages.ts';
import { publicTicket } from '../../../state-machines/protocol/projection.ts';
import type {
  Ack,
  AdminClientEvents,
  ComplaintResult,
  EnquiryResult,
  GuideClientEvents,
  HelpResult,
  TicketReceipt,
  WindowClientEvents,
} from '../../../state-machines/protocol/socket-events.ts';
import { requestIdReused, type Accepted } from '../../hall/hall-service.ts';
import type { Caller } from '../caller.ts';
import { defineCommands } from '../registry.ts';
import { receiptOf } from './tickets.ts';

/** The device id a 帮办 ticket carries: the guide's, so reports and the desk tell it from a kiosk's. */
export function guideDeviceId(staffId: string): string {
  return `guide:${staffId}`;
}

/** The complaint after its step (first time or retry). */
function complaintAnswer(done: Accepted, c: Caller): Ack<ComplaintResult> {
  const e = done.event.event;
  const complaint = 'complaintId' in e ? own(c.services.hall.state.complaints ?? {}, e.complaintId) : undefined;
  return complaint ? { ok: true, seq: done.event.seq, result: { complaint } } : requestIdReused();
}

export const guideDeskCommands = defineCommands<GuideClientEvents>()({
  'guide:help': {
    schema: guideHelpRequest,
    cost: 'staff',
    command: (req, c) => ({
      type: 'guide.help',
      guideId: c.staffId,
      itemId: req.itemId,
      question: req.question,
      answer: req.answer,
      handedToWindow: req.handedToWindow,
      handedToPerson: req.handedToPerson,
    }),
    answer: (done, c): Ack<HelpResult> => {
      const e = done.event.event;
      const help = e.type === 'guide.helped' ? own(c.services.hall.state.guideHelp ?? {}, e.helpId) : undefined;
      return help ? { ok: true, seq: done.event.seq, result: { help } } : requestIdReused();
    },
  },
  'guide:take-ticket': {
    schema: guideTakeTicketRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'ticket.take', deviceId: guideDeviceId(c.staffId), queueId: req.queueId, itemId: req.itemId }),
    // No phone-page key: it lets whoever holds it rate the service, and a guide is staff.
    answer: (done, c): Ack<TicketReceipt> => {
      const e = done.event.event;
      if (e.type !== 'ticket.issued') return requestIdReused();
      const receipt = receiptOf(c.services, e.ticketId, done.duplicate ? c.services.now() : done.event.at);
      return { ok: true, seq: done.event.seq, result: { ...receipt, ticket: publicTicket(receipt.ticket) } };
    },
  },
  'complaint:file': {
    schema: fileComplaintRequest,
    cost: 'staff',
    command: (req, c) => ({
      type: 'complaint.file',
      guideId: c.staffId,
      itemId: req.itemId,
      what: req.what,
      nameMasked: req.name === undefined ? undefined : maskName(req.name),
      phoneMasked: req.phone === undefined ? undefined : maskPhone(req.phone),
    }),
    answer: complaintAnswer,
  },
});

export const complaintDeskCommands = defineCommands<AdminClientEvents>()({
  'complaint:take': {
    schema: takeComplaintRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'complaint.take', complaintId: req.complaintId, by: c.by }),
    answer: complaintAnswer,
  },
  'complaint:resolve': {
    schema: resolveComplaintRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'complaint.resolve', complaintId: req.complaintId, reply: req.reply, by: c.by }),
    answer: complaintAnswer,
  },
});

export const counterEnquiryCommands = defineCommands<WindowClientEvents>()({
  'enquiry:record': {
    schema: recordEnquiryRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({
      type: 'enquiry.record',
      clerkId: c.staffId,
      window: req.window,
      ticketId: req.ticketId,
      itemId: req.itemId,
      topic: req.topic,
      answer: req.answer,
    }),
    answer: (done, c): Ack<EnquiryResult> => {
      const e = done.event.event;
      const enquiry = e.type === 'enquiry.recorded' ? own(c.services.hall.state.enquiries ?? {}, e.ticketId) : undefined;
      return enquiry ? { ok: true, seq: done.event.seq, result: { enquiry } } : requestIdReused();
    },
  },
});
