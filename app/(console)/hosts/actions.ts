'use server';

import { action } from '@/lib/auth/action';
import {
  addHostDef,
  editHostDef,
  fetchHostKeyDef,
  removeHostDef,
  repinHostDef,
  testHostConnectionDef,
  trustHostKeyDef,
} from '@/lib/hosts/actions';

export const addHost = action(addHostDef);
export const editHost = action(editHostDef);
export const removeHost = action(removeHostDef);
export const fetchHostKey = action(fetchHostKeyDef);
export const trustHostKey = action(trustHostKeyDef);
export const repinHost = action(repinHostDef);
export const testHostConnection = action(testHostConnectionDef);
