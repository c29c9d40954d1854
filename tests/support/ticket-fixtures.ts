/** A ticket as the demo hall prints it, for golden tests. */
import type { NoticePrint, TicketPrint } from '../../devices/printer/ticket-layout.ts';
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

/** A 一次性告知书 as the demo hall prints it (shortened), for golden tests. */
export const SAMPLE_NOTICE: NoticePrint = {
  hallName: '示范县政务服务中心',
  itemName: '营业执照设立登记（有限责任公司）',
  bundleItems: [],
  queueName: '企业开办',
  basis: ['《中华人民共和国公司法》第二十九条、第三十条'],
  conditions: ['企业名称已自主申报通过'],
  materials: [
    { line: '公司登记（备案）申请书（原件1份）', missing: false },
    { line: '公司章程（原件1份；全体股东签署）', missing: false },
    { line: '法定代表人、董事、监事和经理的任职文件及身份证件（复印件1份）', missing: false },
  ],
  steps: ['网上或窗口提交申请', '窗口受理、审核', '核准登记', '领取营业执照'],
  promise: '1个工作日',
  fee: '不收费',
  printedAt: TEN_AM,
  timeZone: 'Asia/Shanghai',
};
