-- The platform admin's list of organisations reads gsi1 `ORGS` / `<createdAt>#<orgId>`, which organisation
-- records get when they are written (identity keys.ts `organizationIndex`). This gives it to the ones
-- written before: every organisation record (`T#<orgId>` / `ORG`) without index keys.
UPDATE items
SET gsi1pk = 'ORGS',
    gsi1sk = json_extract(data, '$.createdAt') || '#' || json_extract(data, '$.id')
WHERE sk = 'ORG'
  AND pk = 'T#' || json_extract(data, '$.id')
  AND gsi1pk IS NULL;
