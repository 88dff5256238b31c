/** The campaign item whose zones carry flood data: 低洼易淹易涝片区 (led by the water station). */
export const FLOOD_ITEM = 'R4';
