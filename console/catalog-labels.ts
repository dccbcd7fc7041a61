/** Labels derived from the catalog: item names, category groups and channel names. */
import type { Catalog, CatalogItem } from './api-types.ts';

/** Format an item as staff read it in a list: `1 居民区简介`. */
export function itemLabel(item: CatalogItem): string {
  return `${item.number} ${item.matterSecond}`;
}

/** Group items by category (类别), keeping the order in which the catalog lists them. */
export function groupByCategory(items: readonly CatalogItem[]): Map<string, CatalogItem[]> {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const group = groups.get(item.category);
    if (group) group.push(item);
    else groups.set(item.category, [item]);
  }
  return groups;
}

/** Look up a channel's label (公开渠道), falling back to the key when the catalog lacks it. */
export function channelLabel(catalog: Catalog, key: string): string {
  return catalog.channels.find((channel) => channel.key === key)?.label ?? key;
}

/** Format a catalog number as `1 居民区简介`, or `事项 N` when the catalog has no such item. */
export function itemLabelByNumber(catalog: Catalog | undefined, number: number): string {
  const item = catalog?.items.find((candidate) => candidate.number === number);
  return item ? itemLabel(item) : `事项 ${number}`;
}
