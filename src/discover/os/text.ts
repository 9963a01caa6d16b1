import { clip } from '../../util/text.js';
export { clip };

