import type { SchemaNode } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { schemaQuery } from '../api/editor';

export const ISVC_SCHEMA_URI = 'servedeck://schemas/inferenceservice.json';

/** The InferenceService schema for both editors: as a tree for our field checks and as Monaco's YAML schema. */
export function useEditorSchema() {
  const schema = useQuery(schemaQuery);
  const editorSchema = useMemo(
    () => (schema.data ? { uri: ISVC_SCHEMA_URI, fileMatch: ['*'], schema: schema.data } : undefined),
    [schema.data],
  );
  return { node: schema.data as SchemaNode | undefined, editorSchema, isError: schema.isError };
}
