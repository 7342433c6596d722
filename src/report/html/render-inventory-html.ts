/** `inventory --format html`: the trust map and the inventory as one self-contained page, no script. */
import type { ToolInfo } from '../../model/finding.js';
import type { Inventory } from '../inventory/build-inventory.js';
import type { TrustMapPicture } from '../inventory/trust-map.js';
import { inventorySection, trustMapSection } from './inventory-section.js';
import { htmlPage } from './render-html.js';

export const INVENTORY_DATA_ID = 'pipewarden-inventory';

export function renderInventoryHtml(inventory: Inventory, trustMap: TrustMapPicture, tool: ToolInfo): string {
  return htmlPage({
    title: `${tool.name} inventory`,
    tool,
    sections: [trustMapSection(trustMap), inventorySection(inventory)],
    data: { id: INVENTORY_DATA_ID, value: inventory },
  });
}
