// Makes the project's namespace ready: it exists, keeps closed cases long enough, and has every
// custom search attribute. Safe to run on every start (it only adds what is missing), which is how
// an existing data file picks up attributes added by a newer version.
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { searchAttributeKeys } from '../../domain/search-attributes';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface NamespaceSetup {
  namespace: string;
  retentionDays: number;
  searchAttributes?: readonly SearchAttributeKey<SearchAttributeType>[];
}

const GRPC_NOT_FOUND = 5;
const { IndexedValueType } = temporal.api.enums.v1;
const indexedValueType: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** The wire form of search attribute keys, as `addSearchAttributes` takes them. */
export function indexedValueTypes(keys: readonly SearchAttributeKey<SearchAttributeType>[]) {
  const result: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of keys) result[key.name] = indexedValueType[key.type];
  return result;
}

function isNotFound(err: unknown): boolean {
  return isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND;
}

export async function ensureNamespace(connection: Connection, setup: NamespaceSetup): Promise<{ created: boolean; addedAttributes: string[] }> {
  const { namespace, retentionDays } = setup;
  const retention = msToTs(retentionDays * DAY_MS);
  let created = false;
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    const current = tsToMs(described.config?.workflowExecutionRetentionTtl);
    if (current !== retentionDays * DAY_MS) {
      await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: retention } });
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
    created = true;
  }

  const keys: readonly SearchAttributeKey<SearchAttributeType>[] = setup.searchAttributes ?? searchAttributeKeys;
  const existing = await listCustomSearchAttributes(connection, namespace);
  const missing = keys.filter((key) => !(key.name in existing));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: indexedValueTypes(missing) });
  }
  return { created, addedAttributes: missing.map((k) => k.name) };
}

async function listCustomSearchAttributes(connection: Connection, namespace: string) {
  const response = await connection.operatorService.listSearchAttributes({ namespace });
  return response.customAttributes ?? {};
}
