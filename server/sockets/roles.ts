/**
 * What each role may send: one table per namespace, exhaustive over its event
 * map in state-machines/protocol/socket-events.ts (registry.ts says what the
 * types enforce). To add a command: its payload schema (protocol/messages.ts),
 * its event in the role's map, its entry in the group of its subject
 * (commands/*.ts) — and, for a new group, the group here.
 */
import type {
  AdminClientEvents,
  DisplayClientEvents,
  GuideClientEvents,
  KioskClientEvents,
  WindowClientEvents,
} from '../../state-machines/protocol/socket-events.ts';
import { complaintDeskCommands, counterEnquiryCommands, guideDeskCommands } from './commands/guide.ts';
import { kioskAppointmentCommands, staffAppointmentCommands } from './commands/appointments.ts';
import { counterCaseCommands, kioskCaseCommands } from './commands/cases.ts';
import { counterNoticeCommands } from './commands/notices.ts';
import { displayCommands, kioskDeviceCommands, supervisorDeskCommands } from './commands/devices.ts';
import { counterTicketCommands, kioskTicketCommands, staffTicketCommands } from './commands/tickets.ts';
import { clerkWindowCommands, supervisorWindowCommands } from './commands/windows.ts';
import { followUpCommands, ratingTabletCommands } from './commands/ratings.ts';
import { planningCommands } from './commands/planning.ts';
import { reportCommands } from './commands/reports.ts';
import { roleCommands } from './registry.ts';
import { syncCommands } from './sync-since.ts';

export const ROLE_COMMANDS = {
  /** 取号机 (device token). */
  kiosk: roleCommands<KioskClientEvents>()([syncCommands, kioskTicketCommands, kioskAppointmentCommands, kioskDeviceCommands, kioskCaseCommands]),
  /** 显示屏 (device token): reads the hall, says how it speaks; a rating tablet (评价器) rates its window's services. */
  display: roleCommands<DisplayClientEvents>()([syncCommands, displayCommands, ratingTabletCommands]),
  /** 窗口 (clerk session): the counter, and the staff actions limited to the clerk's window. */
  window: roleCommands<WindowClientEvents>()([
    syncCommands,
    clerkWindowCommands,
    counterTicketCommands,
    staffTicketCommands,
    staffAppointmentCommands,
    counterCaseCommands,
    counterEnquiryCommands,
    counterNoticeCommands,
  ]),
  /** 管理 (supervisor session). */
  admin: roleCommands<AdminClientEvents>()([
    syncCommands,
    supervisorWindowCommands,
    staffTicketCommands,
    staffAppointmentCommands,
    supervisorDeskCommands,
    followUpCommands,
    planningCommands,
    reportCommands,
    complaintDeskCommands,
  ]),
  /** 导办台 (guide session): 首问负责, 帮办 tickets, 办不成事反映 — nothing at a counter. */
  guide: roleCommands<GuideClientEvents>()([syncCommands, guideDeskCommands]),
};
