export { demoShopFormat, demoShopPath } from './demo-shop.js';
