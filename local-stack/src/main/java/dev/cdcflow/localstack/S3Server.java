package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server (s3proxy) in this JVM with a filesystem backend, checking SigV4 signatures like MinIO
 * does. It keeps its port and objects across {@link #stop()} and {@link #start()}.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "cdcflow";
    /** A fixed local-only secret: the server listens on loopback and lives as long as the stack. */
    public static final String SECRET_KEY = "cdcflow-local-secret";
    public static final String REGION = "us-east-1";

    /**
     * s3proxy's filesystem store writes an object to {@code <key>-<random UUID>} and then renames it to the key, and
     * lists such a file like an object. A real S3 never shows an upload before it completes, so the stack hides them,
     * and deletes the ones a killed JVM left behind before it starts the server again.
     */
    static final Pattern IN_FLIGHT_UPLOAD =
            Pattern.compile(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final String USER_FILE = ".properties";
    private static final String SECRET = "secret";
    private static final String POLICY_NAME = "policy.name";
    private static final String POLICY_DOCUMENT = "policy.document";

    private final Path dataDir;
    /** Where the users are kept, so that a restarted server knows them at once, as MinIO does. */
    private final Path usersDir;
    private final int port;
    private final S3Client client;
    /** Users besides {@link #ACCESS_KEY}, each limited by a policy (see {@link MinioInit}). */
    private final Map<String, PolicyUser> users = new ConcurrentHashMap<>();
    private final S3Access access = new S3Access();
    private S3Proxy proxy;

    private record PolicyUser(String secret, S3Policy policy) {
    }

    private S3Server(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.usersDir = dataDir.resolveSibling(dataDir.getFileName() + "-users");
        this.port = port;
        this.client = newClient(endpoint());
    }

    static S3Server start(Path dataDir) {
        // Beside the data folder, whose sub-folders are buckets.
        Path portDir = dataDir.resolveSibling(dataDir.getFileName() + "-ports");
        WorkDirs.create(dataDir);
        return LoopbackPorts.start("the S3 server", portDir, List.of("s3"), ports -> {
            S3Server server = new S3Server(dataDir, ports.get(0));
            try {
                server.loadUsers();
                server.start();
            } catch (RuntimeException e) {
                server.client.close();
                throw e;
            }
            return server;
        });
    }

    /** Starts the server (again, after {@link #stop()}) on the same port and objects. */
    public synchronized void start() {
        if (proxy != null) {
            return;
        }
        removeUnfinishedUploads();
        BlobStore store = new FilesystemNio2BlobStore(dataDir.toString());
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        // The stack's own key may do anything; every other user only what its policy allows, as in MinIO.
        started.setBlobStoreLocator((identity, bucket, key) -> {
            if (ACCESS_KEY.equals(identity)) {
                return new AccessGrant(SECRET_KEY, store);
            }
            PolicyUser user = identity == null ? null : users.get(identity);
            return user == null ? null
                    : new AccessGrant(user.secret(), new PolicyBlobStore(store, identity, user.policy(), access));
        });
        try {
            started.start();
        } catch (Exception e) {
            stopQuietly(started);
            throw new IllegalStateException("Cannot start the S3 server on port " + port, e);
        }
        Await.until("the S3 server to start", Duration.ofSeconds(30),
                () -> "STARTED".equals(started.getState()));
        proxy = started;
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.debug("Stopping an S3 server that did not start failed", e);
        }
    }

    private void removeUnfinishedUploads() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(path -> IN_FLIGHT_UPLOAD.matcher(path.getFileName().toString()).matches()).toList()) {
                LOG.warn("Removing {}, an upload a stopped S3 server left unfinished", file);
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + dataDir, e);
        }
    }

    /** Stops the server, as an outage would; objects stay on disk for {@link #start()}. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the S3 server", e);
        } finally {
            proxy = null;
        }
    }

    /**
     * Adds (or replaces) a user whose calls {@code policy} limits, as MinIO's {@code mc admin user add} does, and
     * keeps it on disk: a stack resumed on the folder knows its users before anything calls (the tasks of a resumed
     * Connect group start before the pipeline sets the users up again).
     */
    void addUser(String accessKey, String secret, S3Policy policy) {
        Properties user = new Properties();
        user.setProperty(SECRET, secret);
        user.setProperty(POLICY_NAME, policy.name());
        user.setProperty(POLICY_DOCUMENT, policy.document());
        try {
            Files.createDirectories(usersDir);
            try (Writer out = Files.newBufferedWriter(usersDir.resolve(accessKey + USER_FILE))) {
                user.store(out, "A user of the local S3 server");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep S3 user " + accessKey + " in " + usersDir, e);
        }
        users.put(accessKey, new PolicyUser(secret, policy));
    }

    /** The users an earlier server on this folder was given. */
    private void loadUsers() {
        if (!Files.isDirectory(usersDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(usersDir)) {
            for (Path file : files.filter(path -> path.toString().endsWith(USER_FILE)).toList()) {
                Properties user = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    user.load(in);
                }
                String accessKey = file.getFileName().toString().replace(USER_FILE, "");
                users.put(accessKey, new PolicyUser(user.getProperty(SECRET), S3Policy.parse(
                        user.getProperty(POLICY_NAME), user.getProperty(POLICY_DOCUMENT))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the S3 users in " + usersDir, e);
        }
    }

    /** What the policy users did and were refused. */
    public S3Access access() {
        return access;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client for this server (path-style, as MinIO wants); shared, closed with the server. */
    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        try {
            client.createBucket(request -> request.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // Already there: creating a bucket is meant to be idempotent here.
        }
    }

    /** Keys under {@code prefix}, in S3's lexicographic order. */
    /** The keys under {@code prefix}, less s3proxy's uploads in flight (see {@link #IN_FLIGHT_UPLOAD}). */
    public List<String> listKeys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                .contents().stream()
                .map(S3Object::key)
                .filter(key -> !IN_FLIGHT_UPLOAD.matcher(key).matches())
                .collect(Collectors.toList());
    }

    public byte[] getObject(String bucket, String key) {
        return client.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
    }

    public void putObject(String bucket, String key, byte[] bytes) {
        client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    @Override
    public void close() {
        stop();
        client.close();
    }

    private static S3Client newClient(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
