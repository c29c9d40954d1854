/** Hash partitions of the hub's per-hall tables (hall_events, hub_report_rows): a province's ~3,000 halls spread evenly, each hall in one. */
export const HUB_PARTITIONS = 16;
