/** The kiosk's words for 按事项取号 (item-flow.tsx), Chinese first. */
import type { Text } from '../state-machines/client/web/i18n.ts';

export const IT = {
  entry: { zh: '按事项取号', en: 'Find my service' },
  entrySub: { zh: '查看所需材料', en: 'See what to bring' },
  searchTitle: { zh: '请选择办理事项', en: 'Which service do you need?' },
  initials: { zh: '拼音首字母', en: 'Letters' },
  initialsHint: { zh: '例如 不动产 按 B D C', en: 'A word of the service, or pinyin initials (B D C: 不动产)' },
  delete: { zh: '删除', en: 'Delete' },
  clear: { zh: '清空', en: 'Clear' },
  byQueue: { zh: '按业务查找', en: 'By service area' },
  noneFound: { zh: '没有找到，请换个字母或按业务查找', en: 'Nothing found: try other letters or a service area' },
  bundleTag: { zh: '一件事', en: 'Bundle' },
  more: (n: number): Text => ({ zh: `还有 ${n} 项，请再输入字母`, en: `${n} more: type another letter` }),
  noticeTitle: { zh: '一次性告知：请核对以下材料', en: 'One-time notice: please check what to bring' },
  print: { zh: '打印告知单', en: 'Print this list' },
  printAgain: { zh: '再打印一份', en: 'Print another' },
  printed: { zh: '告知单正在打印，请在出票口取走', en: 'Printing: please take the list from the slot' },
  take: { zh: '确认取号', en: 'Take a number' },
} satisfies Record<string, Text | ((n: number) => Text)>;
