export { buildShopReport, type ShopReport, type TopCountry, type TopItem } from './shop-report.js';
