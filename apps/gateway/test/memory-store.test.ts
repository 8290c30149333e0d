import { createMemoryStore } from '../src/storage/memory-store.js';
import { expiryContract } from './expiry-contract.js';
import { storeContract } from './store-contract.js';

storeContract('memory', async (config) => createMemoryStore(config));
expiryContract('memory', async (config) => createMemoryStore(config));
