'use server';

import { action } from '@/lib/auth/action';
import { decideApprovalDef, requestApprovalDef } from '@/lib/approvals/actions';

export const requestApproval = action(requestApprovalDef);
export const decideApproval = action(decideApprovalDef);
