#!/bin/sh
# minio-init (docker-compose.yml): the buckets, and a MinIO user for each writer and for readers of the stage, each
# allowed its own prefix only. The S3 raw sink may write objects under $S3_BUCKET/$S3_PREFIX/ (whole or in parts) and
# read them back (after a restart it reads the idle cuts it recorded there); the Iceberg stage may read, write and
# delete under its warehouse ($ICEBERG_WAREHOUSE, s3://bucket/prefix); the lakehouse reader (ClickHouse's icebergS3,
# Spark, Trino) may only read the warehouse; the batch uploader may put models and uploads under
# $BATCH_BUCKET/$BATCH_S3_PREFIX/, the batch upload source only read them. Each may list its bucket under its own prefix and nothing else; none can
# administer MinIO. Safe to run again: a user made before these policies loses the broad readwrite policy it had.
# scripts/check-deployment.sh runs it with a stand-in mc and checks the policies it writes are valid JSON; the local
# stack runs it too (MinioInit) and its S3 server enforces the policies, so every pipeline test is a test of them.
set -eu

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "local/$S3_BUCKET" "local/$LAKEHOUSE_BUCKET" "local/$BATCH_BUCKET"

# grant USER POLICY BUCKET PREFIX ACTIONS: a policy of its own allowing ACTIONS on BUCKET/PREFIX/*, and listing
# BUCKET under PREFIX/ only.
grant() {
  cat > "${POLICY_DIR:-/tmp}/$2.json" <<JSON
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": [$5], "Resource": ["arn:aws:s3:::$3/$4/*"]},
  {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
   "Resource": ["arn:aws:s3:::$3"], "Condition": {"StringLike": {"s3:prefix": ["$4/*"]}}}]}
JSON
  mc admin policy create local "$2" "${POLICY_DIR:-/tmp}/$2.json"
  mc admin policy detach local readwrite --user "$1" > /dev/null 2>&1 || true
  mc admin policy attach local "$2" --user "$1" > /dev/null 2>&1 || true
}

mc admin user add local "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
grant "$S3_ACCESS_KEY" cdcflow-raw-sink "$S3_BUCKET" "$S3_PREFIX" \
  '"s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"'

warehouse=${ICEBERG_WAREHOUSE#s3://}
mc admin user add local "$ICEBERG_S3_ACCESS_KEY" "$ICEBERG_S3_SECRET_KEY"
grant "$ICEBERG_S3_ACCESS_KEY" cdcflow-iceberg-stage "${warehouse%%/*}" "${warehouse#*/}" \
  '"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"'

mc admin user add local "$LAKEHOUSE_READER_ACCESS_KEY" "$LAKEHOUSE_READER_SECRET_KEY"
grant "$LAKEHOUSE_READER_ACCESS_KEY" cdcflow-lakehouse-reader "${warehouse%%/*}" "${warehouse#*/}" '"s3:GetObject"'

# Batch upload jobs: the source reads models and uploads, the batch command (scripts/batch.sh) writes them.
mc admin user add local "$BATCH_S3_ACCESS_KEY" "$BATCH_S3_SECRET_KEY"
grant "$BATCH_S3_ACCESS_KEY" cdcflow-batch-upload "$BATCH_BUCKET" "$BATCH_S3_PREFIX" '"s3:GetObject"'
mc admin user add local "$BATCH_UPLOADER_ACCESS_KEY" "$BATCH_UPLOADER_SECRET_KEY"
grant "$BATCH_UPLOADER_ACCESS_KEY" cdcflow-batch-uploader "$BATCH_BUCKET" "$BATCH_S3_PREFIX" \
  '"s3:GetObject", "s3:PutObject"'

echo "buckets $S3_BUCKET, $LAKEHOUSE_BUCKET and $BATCH_BUCKET ready; $S3_ACCESS_KEY writes $S3_BUCKET/$S3_PREFIX/," \
  "$ICEBERG_S3_ACCESS_KEY reads and writes $warehouse/, $LAKEHOUSE_READER_ACCESS_KEY reads it;" \
  "$BATCH_UPLOADER_ACCESS_KEY uploads to $BATCH_BUCKET/$BATCH_S3_PREFIX/, $BATCH_S3_ACCESS_KEY reads it"
