/** A ticket as the demo hall prints it, for golden tests. */
import type { TicketPrint } from '../../devices/printer/ticket-layout.ts';
import { TEN_AM } from './demo.ts';

export const SAMPLE_TICKET: TicketPrint = {
  hallName: '示范县政务服务中心',
  queueName: '综合受理',
  itemName: '营业执照设立登记',
  number: 'A013',
  windows: [1, 2, 3, 4, 5],
  floorName: '一楼',
  zoneName: '综合受理区',
  ahead: '您前面还有 7 人',
  wait: '预计等待约 18 分钟',
  noShowRule: '过号后当天可到导办台申请重新排队一次。',
  issuedAt: TEN_AM,
  timeZone: 'Asia/Shanghai',
  qrUrl: 'http://hall.example/t/2026-11-21/A013',
};
