package dev.cdcflow.localstack;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The S3 server's store as one user sees it: every call is checked against the user's policy under the IAM action
 * the S3 request needs (a HEAD of an object needs {@code s3:GetObject}, each part of a multipart upload
 * {@code s3:PutObject}, a listing {@code s3:ListBucket} with its prefix as {@code s3:prefix}), and refused with 403
 * Access Denied as MinIO would, the refusal kept in {@link S3Access} for tests to report.
 */
final class PolicyBlobStore extends ForwardingBlobStore {

    /** The objects s3proxy keeps for itself beside a multipart upload (a stub per upload, at the bucket's root). */
    private static final String S3PROXY_INTERNAL = "/.s3proxy-mpu-stub-";

    private final String user;
    private final S3Policy policy;
    private final S3Access access;

    PolicyBlobStore(BlobStore delegate, String user, S3Policy policy, S3Access access) {
        super(delegate);
        this.user = user;
        this.policy = policy;
        this.access = access;
    }

    @Override
    public ListBucketsResponse list() {
        check("s3:ListAllMyBuckets", "arn:aws:s3:::*", Map.of());
        return super.list();
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        check("s3:ListBucket", bucket(request.bucket()), Map.of("s3:prefix",
                request.prefix() == null ? "" : request.prefix()));
        return super.list(request);
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        check("s3:ListBucket", bucket(request.bucket()), Map.of());
        return super.headBucket(request);
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        check("s3:CreateBucket", bucket(request.bucket()), Map.of());
        return super.createContainer(request);
    }

    @Override
    public void deleteBucket(String bucket) {
        check("s3:DeleteBucket", bucket(bucket), Map.of());
        super.deleteBucket(bucket);
    }

    @Override
    public boolean blobExists(String bucket, String key) {
        check("s3:GetObject", object(bucket, key), Map.of());
        return super.blobExists(bucket, key);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        check("s3:PutObject", object(request.bucket(), request.key()), Map.of());
        return super.putBlob(request, content);
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        check("s3:GetObject", object(request.sourceBucket(), request.sourceKey()), Map.of());
        check("s3:PutObject", object(request.destinationBucket(), request.destinationKey()), Map.of());
        return super.copyBlob(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        check("s3:GetObject", object(request.bucket(), request.key()), Map.of());
        return super.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        check("s3:GetObject", object(request.bucket(), request.key()), Map.of());
        return super.getBlob(request);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        check("s3:DeleteObject", object(request.bucket(), request.key()), Map.of());
        return super.removeBlob(request);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        check("s3:PutObject", object(request.bucket(), request.key()), Map.of());
        return super.initiateMultipartUpload(request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request,
                                                  InputStream content) {
        check("s3:PutObject", object(upload.containerName(), upload.blobName()), Map.of());
        return super.uploadMultipartPart(upload, request, content);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        check("s3:PutObject", object(upload.containerName(), upload.blobName()), Map.of());
        return super.completeMultipartUpload(upload, request);
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        check("s3:AbortMultipartUpload", object(upload.containerName(), upload.blobName()), Map.of());
        super.abortMultipartUpload(upload);
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload upload) {
        check("s3:ListMultipartUploadParts", object(upload.containerName(), upload.blobName()), Map.of());
        return super.listMultipartUpload(upload);
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String bucket) {
        check("s3:ListBucketMultipartUploads", bucket(bucket), Map.of());
        return super.listMultipartUploads(bucket);
    }

    private void check(String action, String resource, Map<String, String> context) {
        if (resource.contains(S3PROXY_INTERNAL)) {
            // s3proxy's own bookkeeping of a multipart upload, not a request of the client.
            return;
        }
        if (!policy.allows(action, resource, context)) {
            access.denied(user, policy.name(), action, resource, context);
            throw S3Exceptions.fromStatusCode(403, null, Map.of(), null);
        }
        access.allowed(user, action);
    }

    private static String bucket(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    private static String object(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }
}
