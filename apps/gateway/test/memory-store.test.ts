import { createMemoryStore } from '../src/storage/memory-store.js';
import { storeContract } from './store-contract.js';

storeContract('memory', async (config) => createMemoryStore(config));
