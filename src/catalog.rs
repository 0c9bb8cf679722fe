//! The icon catalog: the one table of every built-in icon.
//!
//! In: an icon name as a user typed it (`"cloudfront"`, `"Route 53"`,
//! `"r53"`, `"Amazon S3"`). Out: the [`IconEntry`] it names — its key, the
//! short display name drawn under the icon, its [`Category`] (which decides
//! the tile colour and the artwork folder `icons/<folder>/<key>.svg`), and
//! its aliases.
//!
//! Matching ignores case, spaces, hyphens and underscores, and a leading
//! "Amazon" or "AWS". The keys are those of `icons.md`; no alias names two
//! icons (a test checks it).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// The service category of an icon, as AWS groups its architecture icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Compute,
    Containers,
    Storage,
    Database,
    Networking,
    Analytics,
    ApplicationIntegration,
    Migration,
    Security,
    Management,
    MachineLearning,
    Iot,
    DeveloperTools,
    FrontEnd,
    BusinessApplications,
    /// Not a service: users, clients, servers, files...
    General,
}

impl Category {
    /// Every category, in the order of `icons.md`.
    pub const ALL: [Category; 16] = [
        Category::Compute,
        Category::Containers,
        Category::Storage,
        Category::Database,
        Category::Networking,
        Category::Analytics,
        Category::ApplicationIntegration,
        Category::Migration,
        Category::Security,
        Category::Management,
        Category::MachineLearning,
        Category::Iot,
        Category::DeveloperTools,
        Category::FrontEnd,
        Category::BusinessApplications,
        Category::General,
    ];

    /// The category's name as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Compute => "Compute",
            Category::Containers => "Containers",
            Category::Storage => "Storage",
            Category::Database => "Database",
            Category::Networking => "Networking & Content Delivery",
            Category::Analytics => "Analytics",
            Category::ApplicationIntegration => "Application Integration",
            Category::Migration => "Migration & Transfer",
            Category::Security => "Security, Identity & Compliance",
            Category::Management => "Management & Governance",
            Category::MachineLearning => "Machine Learning",
            Category::Iot => "Internet of Things",
            Category::DeveloperTools => "Developer Tools",
            Category::FrontEnd => "Front-End Web & Mobile",
            Category::BusinessApplications => "Business Applications",
            Category::General => "General",
        }
    }

    /// The folder under `icons/` that holds this category's artwork.
    pub fn folder(self) -> &'static str {
        match self {
            Category::Compute => "compute",
            Category::Containers => "containers",
            Category::Storage => "storage",
            Category::Database => "database",
            Category::Networking => "networking",
            Category::Analytics => "analytics",
            Category::ApplicationIntegration => "application-integration",
            Category::Migration => "migration",
            Category::Security => "security",
            Category::Management => "management",
            Category::MachineLearning => "machine-learning",
            Category::Iot => "iot",
            Category::DeveloperTools => "developer-tools",
            Category::FrontEnd => "front-end",
            Category::BusinessApplications => "business-applications",
            Category::General => "general",
        }
    }

    /// The tile colour of this category's service icons (`style.md`);
    /// `None` for general icons, which are drawn without a tile.
    pub fn tile_colour(self) -> Option<&'static str> {
        match self {
            Category::Compute | Category::Containers => Some("#ED7100"),
            Category::Storage => Some("#7AA116"),
            Category::Database | Category::DeveloperTools => Some("#C925D1"),
            Category::Networking | Category::Analytics => Some("#8C4FFF"),
            Category::ApplicationIntegration | Category::Management => Some("#E7157B"),
            Category::Security | Category::FrontEnd | Category::BusinessApplications => {
                Some("#DD344C")
            }
            Category::MachineLearning | Category::Migration => Some("#01A88D"),
            Category::Iot => Some("#7AA116"),
            Category::General => None,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One built-in icon.
#[derive(Debug, PartialEq, Eq)]
pub struct IconEntry {
    /// The canonical key (`"cloudfront"`); also the artwork file's stem.
    pub key: &'static str,
    /// The short name drawn under the icon (`"CloudFront"`).
    pub name: &'static str,
    pub category: Category,
    /// Other names that resolve to this icon: official names with and
    /// without "Amazon"/"AWS", abbreviations, other spellings.
    pub aliases: &'static [&'static str],
}

impl IconEntry {
    /// The artwork file of this icon, relative to the project root.
    pub fn artwork_path(&self) -> String {
        format!("icons/{}/{}.svg", self.category.folder(), self.key)
    }
}

const fn e(
    key: &'static str,
    name: &'static str,
    category: Category,
    aliases: &'static [&'static str],
) -> IconEntry {
    IconEntry {
        key,
        name,
        category,
        aliases,
    }
}

use Category::*;

/// Every built-in icon, grouped by category in the order of `icons.md`.
#[rustfmt::skip]
pub static ICONS: &[IconEntry] = &[
    // Compute
    e("ec2", "EC2", Compute, &["Amazon EC2", "Elastic Compute Cloud", "Amazon Elastic Compute Cloud", "instance", "vm"]),
    e("lambda", "Lambda", Compute, &["AWS Lambda", "lambda function", "function", "serverless"]),
    e("lambda-layer", "Lambda layer", Compute, &["AWS Lambda layer", "layer"]),
    e("batch", "Batch", Compute, &["AWS Batch"]),
    e("elastic-beanstalk", "Elastic Beanstalk", Compute, &["AWS Elastic Beanstalk", "beanstalk", "eb"]),
    e("lightsail", "Lightsail", Compute, &["Amazon Lightsail"]),
    e("outposts", "Outposts", Compute, &["AWS Outposts", "outpost"]),
    e("auto-scaling", "Auto Scaling", Compute, &["AWS Auto Scaling", "Amazon EC2 Auto Scaling", "EC2 Auto Scaling", "autoscaling", "asg", "auto scaling group"]),
    e("ec2-instances", "EC2 instances", Compute, &["Amazon EC2 instances", "ec2 instance", "instances"]),
    e("ami", "AMI", Compute, &["Amazon Machine Image", "Machine Image", "EC2 AMI"]),
    e("spot-fleet", "Spot Fleet", Compute, &["EC2 Spot Fleet", "spot", "spot instances", "spot instance"]),
    e("capacity-reservation", "Capacity Reservation", Compute, &["On-Demand Capacity Reservation", "EC2 Capacity Reservation", "odcr"]),
    e("placement-group", "Placement group", Compute, &["EC2 placement group", "cluster placement group"]),
    e("user-data", "User data", Compute, &["EC2 user data", "userdata"]),
    // Containers
    e("ecs", "ECS", Containers, &["Amazon ECS", "Elastic Container Service", "Amazon Elastic Container Service"]),
    e("eks", "EKS", Containers, &["Amazon EKS", "Elastic Kubernetes Service", "Amazon Elastic Kubernetes Service", "kubernetes", "k8s"]),
    e("ecr", "ECR", Containers, &["Amazon ECR", "Elastic Container Registry", "Amazon Elastic Container Registry", "container registry"]),
    e("fargate", "Fargate", Containers, &["AWS Fargate"]),
    // Storage
    e("s3", "S3", Storage, &["Amazon S3", "Simple Storage Service", "Amazon Simple Storage Service", "s3 bucket", "bucket"]),
    e("s3-glacier", "S3 Glacier", Storage, &["Amazon S3 Glacier", "glacier", "Amazon Glacier", "glacier deep archive"]),
    e("ebs", "EBS", Storage, &["Amazon EBS", "Elastic Block Store", "Amazon Elastic Block Store", "ebs volume", "volume"]),
    e("efs", "EFS", Storage, &["Amazon EFS", "Elastic File System", "Amazon Elastic File System"]),
    e("fsx", "FSx", Storage, &["Amazon FSx"]),
    e("fsx-lustre", "FSx for Lustre", Storage, &["Amazon FSx for Lustre", "lustre"]),
    e("fsx-windows", "FSx for Windows File Server", Storage, &["Amazon FSx for Windows File Server", "fsx for windows", "fsxw"]),
    e("fsx-ontap", "FSx for NetApp ONTAP", Storage, &["Amazon FSx for NetApp ONTAP", "fsx for ontap", "ontap"]),
    e("storage-gateway", "Storage Gateway", Storage, &["AWS Storage Gateway", "sgw", "file gateway", "volume gateway", "tape gateway"]),
    e("backup", "Backup", Storage, &["AWS Backup"]),
    e("snowball-edge", "Snowball Edge", Storage, &["AWS Snowball Edge", "snowball", "AWS Snowball"]),
    e("snowcone", "Snowcone", Storage, &["AWS Snowcone"]),
    e("instance-store", "Instance store", Storage, &["EC2 instance store", "instance storage", "ephemeral storage"]),
    // Database
    e("aurora", "Aurora", Database, &["Amazon Aurora", "aurora mysql", "aurora postgresql", "aurora serverless"]),
    e("rds", "RDS", Database, &["Amazon RDS", "Relational Database Service", "Amazon Relational Database Service"]),
    e("dynamodb", "DynamoDB", Database, &["Amazon DynamoDB", "dynamo", "ddb"]),
    e("dax", "DAX", Database, &["DynamoDB Accelerator", "Amazon DynamoDB Accelerator"]),
    e("elasticache", "ElastiCache", Database, &["Amazon ElastiCache", "elasticcache", "redis", "memcached"]),
    e("neptune", "Neptune", Database, &["Amazon Neptune"]),
    e("documentdb", "DocumentDB", Database, &["Amazon DocumentDB", "docdb"]),
    e("keyspaces", "Keyspaces", Database, &["Amazon Keyspaces", "Amazon Keyspaces for Apache Cassandra", "cassandra", "mcs"]),
    e("timestream", "Timestream", Database, &["Amazon Timestream"]),
    e("memorydb", "MemoryDB", Database, &["Amazon MemoryDB", "MemoryDB for Redis"]),
    // Networking & Content Delivery
    e("cloudfront", "CloudFront", Networking, &["Amazon CloudFront", "cf", "cdn"]),
    e("route53", "Route 53", Networking, &["Amazon Route 53", "r53", "dns"]),
    e("vpc", "VPC", Networking, &["Amazon VPC", "Virtual Private Cloud", "Amazon Virtual Private Cloud"]),
    e("direct-connect", "Direct Connect", Networking, &["AWS Direct Connect", "dx"]),
    e("global-accelerator", "Global Accelerator", Networking, &["AWS Global Accelerator", "ga"]),
    e("transit-gateway", "Transit Gateway", Networking, &["AWS Transit Gateway", "tgw"]),
    e("privatelink", "PrivateLink", Networking, &["AWS PrivateLink", "private link"]),
    e("vpc-endpoint", "VPC endpoint", Networking, &["Amazon VPC endpoint", "vpce", "interface endpoint", "gateway endpoint", "endpoint"]),
    e("site-to-site-vpn", "Site-to-Site VPN", Networking, &["AWS Site-to-Site VPN", "s2s vpn", "vpn", "vpn connection"]),
    e("client-vpn", "Client VPN", Networking, &["AWS Client VPN"]),
    e("elb", "Elastic Load Balancing", Networking, &["ELB", "Elastic Load Balancer", "load balancer", "Classic Load Balancer", "clb"]),
    e("alb", "Application Load Balancer", Networking, &["ELB Application Load Balancer", "app load balancer"]),
    e("nlb", "Network Load Balancer", Networking, &["ELB Network Load Balancer"]),
    e("gwlb", "Gateway Load Balancer", Networking, &["ELB Gateway Load Balancer", "glb"]),
    e("nat-gateway", "NAT gateway", Networking, &["Amazon VPC NAT gateway", "natgw", "nat gw", "nat", "ngw", "nat instance"]),
    e("internet-gateway", "Internet gateway", Networking, &["Amazon VPC internet gateway", "igw"]),
    e("eni", "Elastic network interface", Networking, &["Elastic Network Interface", "network interface"]),
    e("vpc-peering", "VPC peering", Networking, &["VPC peering connection", "peering", "pcx"]),
    e("api-gateway", "API Gateway", Networking, &["Amazon API Gateway", "apigw", "apigateway", "api gw", "api"]),
    // `vgw` and `vpn gateway` named the Site-to-Site VPN until issue 20;
    // they name the virtual private gateway, the VPN's AWS end, since.
    e("customer-gateway", "Customer gateway", Networking, &["AWS Site-to-Site VPN customer gateway", "cgw", "customer gw", "customer router"]),
    e("virtual-private-gateway", "Virtual private gateway", Networking, &["Amazon VPC virtual private gateway", "vgw", "vpn gateway", "virtual gateway", "vpg"]),
    e("direct-connect-gateway", "Direct Connect gateway", Networking, &["AWS Direct Connect gateway", "dxgw", "dx gateway", "dx gw", "dcgw"]),
    e("transit-gateway-attachment", "Transit Gateway attachment", Networking, &["AWS Transit Gateway attachment", "tgw attachment", "tgw attach", "tgwa", "tgw vpc attachment"]),
    e("route-table", "Route table", Networking, &["VPC route table", "rtb", "routing table", "routes"]),
    e("elastic-ip", "Elastic IP", Networking, &["Elastic IP address", "eip", "eipalloc", "static ip"]),
    e("network-acl", "Network ACL", Networking, &["Network access control list", "nacl", "acl", "subnet acl"]),
    // Analytics
    e("athena", "Athena", Analytics, &["Amazon Athena"]),
    e("emr", "EMR", Analytics, &["Amazon EMR", "Elastic MapReduce", "Amazon Elastic MapReduce", "hadoop", "spark"]),
    e("glue", "Glue", Analytics, &["AWS Glue", "glue crawler", "glue data catalog", "data catalog"]),
    e("kinesis-data-streams", "Kinesis Data Streams", Analytics, &["Amazon Kinesis Data Streams", "kds", "kinesis streams", "data streams"]),
    e("kinesis-data-firehose", "Kinesis Data Firehose", Analytics, &["Amazon Kinesis Data Firehose", "Amazon Data Firehose", "Data Firehose", "kdf", "firehose"]),
    e("kinesis-video-streams", "Kinesis Video Streams", Analytics, &["Amazon Kinesis Video Streams", "kvs", "video streams"]),
    e("managed-flink", "Managed Apache Flink", Analytics, &["Amazon Managed Service for Apache Flink", "Managed Service for Apache Flink", "Kinesis Data Analytics", "Amazon Kinesis Data Analytics", "kda", "flink"]),
    e("lake-formation", "Lake Formation", Analytics, &["AWS Lake Formation"]),
    e("msk", "MSK", Analytics, &["Amazon MSK", "Managed Streaming for Apache Kafka", "Amazon Managed Streaming for Apache Kafka", "kafka"]),
    e("opensearch", "OpenSearch Service", Analytics, &["Amazon OpenSearch Service", "OpenSearch", "elasticsearch", "Amazon Elasticsearch Service", "es"]),
    e("quicksight", "QuickSight", Analytics, &["Amazon QuickSight"]),
    e("redshift", "Redshift", Analytics, &["Amazon Redshift", "data warehouse"]),
    e("redshift-spectrum", "Redshift Spectrum", Analytics, &["Amazon Redshift Spectrum", "spectrum"]),
    // Application Integration
    e("appflow", "AppFlow", ApplicationIntegration, &["Amazon AppFlow"]),
    e("eventbridge", "EventBridge", ApplicationIntegration, &["Amazon EventBridge", "event bus", "cloudwatch events", "events", "eb bus"]),
    e("sns", "SNS", ApplicationIntegration, &["Amazon SNS", "Simple Notification Service", "Amazon Simple Notification Service", "sns topic", "topic"]),
    e("sqs", "SQS", ApplicationIntegration, &["Amazon SQS", "Simple Queue Service", "Amazon Simple Queue Service", "sqs queue", "queue"]),
    e("step-functions", "Step Functions", ApplicationIntegration, &["AWS Step Functions", "sfn", "stepfunctions", "states", "state machine"]),
    e("mq", "MQ", ApplicationIntegration, &["Amazon MQ", "activemq", "rabbitmq"]),
    e("appsync", "AppSync", ApplicationIntegration, &["AWS AppSync", "graphql"]),
    // Migration & Transfer
    e("dms", "DMS", Migration, &["AWS DMS", "Database Migration Service", "AWS Database Migration Service"]),
    e("datasync", "DataSync", Migration, &["AWS DataSync"]),
    e("transfer-family", "Transfer Family", Migration, &["AWS Transfer Family", "AWS Transfer for SFTP", "transfer", "sftp"]),
    e("application-migration-service", "Application Migration Service", Migration, &["AWS Application Migration Service", "mgn", "cloudendure"]),
    e("migration-hub", "Migration Hub", Migration, &["AWS Migration Hub"]),
    // Security, Identity & Compliance
    e("iam", "IAM", Security, &["AWS IAM", "Identity and Access Management", "AWS Identity and Access Management", "iam role", "role"]),
    e("kms", "KMS", Security, &["AWS KMS", "Key Management Service", "AWS Key Management Service"]),
    e("waf", "WAF", Security, &["AWS WAF", "web application firewall"]),
    e("shield", "Shield", Security, &["AWS Shield", "shield advanced"]),
    e("guardduty", "GuardDuty", Security, &["Amazon GuardDuty"]),
    e("inspector", "Inspector", Security, &["Amazon Inspector"]),
    e("macie", "Macie", Security, &["Amazon Macie"]),
    e("secrets-manager", "Secrets Manager", Security, &["AWS Secrets Manager", "secretsmanager", "asm", "secrets"]),
    e("certificate-manager", "Certificate Manager", Security, &["AWS Certificate Manager", "acm"]),
    e("cognito", "Cognito", Security, &["Amazon Cognito", "user pool", "identity pool"]),
    e("cloudhsm", "CloudHSM", Security, &["AWS CloudHSM", "hsm"]),
    e("directory-service", "Directory Service", Security, &["AWS Directory Service", "Managed Microsoft AD", "active directory", "ad", "ds"]),
    e("security-hub", "Security Hub", Security, &["AWS Security Hub", "securityhub"]),
    e("network-firewall", "Network Firewall", Security, &["AWS Network Firewall", "firewall", "nfw"]),
    e("iam-identity-center", "IAM Identity Center", Security, &["AWS IAM Identity Center", "identity center", "sso", "AWS Single Sign-On", "single sign on"]),
    // Management & Governance
    e("cloudwatch", "CloudWatch", Management, &["Amazon CloudWatch", "cw", "cloudwatch logs", "cloudwatch metrics", "monitoring"]),
    e("cloudtrail", "CloudTrail", Management, &["AWS CloudTrail", "ct", "audit log"]),
    e("cloudformation", "CloudFormation", Management, &["AWS CloudFormation", "cfn", "stack"]),
    e("config", "Config", Management, &["AWS Config", "config rules"]),
    e("systems-manager", "Systems Manager", Management, &["AWS Systems Manager", "ssm", "parameter store", "session manager"]),
    e("organizations", "Organizations", Management, &["AWS Organizations", "org", "scp"]),
    e("trusted-advisor", "Trusted Advisor", Management, &["AWS Trusted Advisor"]),
    e("control-tower", "Control Tower", Management, &["AWS Control Tower", "landing zone"]),
    // Machine Learning
    e("sagemaker", "SageMaker", MachineLearning, &["Amazon SageMaker", "Amazon SageMaker AI", "SageMaker AI", "sm"]),
    e("sagemaker-pipelines", "SageMaker Pipelines", MachineLearning, &["Amazon SageMaker Pipelines", "ml pipeline"]),
    e("rekognition", "Rekognition", MachineLearning, &["Amazon Rekognition"]),
    e("comprehend", "Comprehend", MachineLearning, &["Amazon Comprehend"]),
    e("polly", "Polly", MachineLearning, &["Amazon Polly", "text to speech", "tts"]),
    e("textract", "Textract", MachineLearning, &["Amazon Textract", "ocr"]),
    e("transcribe", "Transcribe", MachineLearning, &["Amazon Transcribe", "speech to text", "stt"]),
    e("translate", "Translate", MachineLearning, &["Amazon Translate"]),
    e("lex", "Lex", MachineLearning, &["Amazon Lex", "chatbot"]),
    e("kendra", "Kendra", MachineLearning, &["Amazon Kendra"]),
    e("bedrock", "Bedrock", MachineLearning, &["Amazon Bedrock", "foundation model", "foundation models", "generative ai", "genai", "llm"]),
    // Internet of Things
    e("iot-core", "IoT Core", Iot, &["AWS IoT Core", "iot", "AWS IoT"]),
    e("iot-greengrass", "IoT Greengrass", Iot, &["AWS IoT Greengrass", "greengrass"]),
    // Developer Tools
    e("codecommit", "CodeCommit", DeveloperTools, &["AWS CodeCommit", "git", "git repository", "git repo", "source repository"]),
    e("codebuild", "CodeBuild", DeveloperTools, &["AWS CodeBuild", "build", "build project", "ci build"]),
    e("codedeploy", "CodeDeploy", DeveloperTools, &["AWS CodeDeploy", "deploy", "deployment"]),
    e("codepipeline", "CodePipeline", DeveloperTools, &["AWS CodePipeline", "pipeline", "ci/cd", "cicd", "ci/cd pipeline", "release pipeline"]),
    e("codeartifact", "CodeArtifact", DeveloperTools, &["AWS CodeArtifact", "artifact repository", "package repository", "artifacts"]),
    e("x-ray", "X-Ray", DeveloperTools, &["AWS X-Ray", "tracing", "distributed tracing", "traces"]),
    e("cloud9", "Cloud9", DeveloperTools, &["AWS Cloud9", "cloud ide", "ide"]),
    // Front-End Web & Mobile
    e("amplify", "Amplify", FrontEnd, &["AWS Amplify", "amplify hosting", "amplify console"]),
    // Business Applications
    e("ses", "SES", BusinessApplications, &["Amazon SES", "Simple Email Service", "Amazon Simple Email Service", "email service", "email sending"]),
    // General
    e("user", "User", General, &["person", "customer", "admin", "developer"]),
    e("users", "Users", General, &["people", "customers", "end users", "visitors"]),
    e("client", "Client", General, &["browser", "web browser", "web client", "desktop", "laptop", "pc"]),
    e("mobile-client", "Mobile client", General, &["mobile", "mobile app", "phone", "smartphone"]),
    e("internet", "Internet", General, &["www", "web", "public internet"]),
    e("server", "Server", General, &["on-premises server", "application server", "app server", "host"]),
    e("database", "Database", General, &["db", "on-premises database"]),
    e("nfs-share", "NFS share", General, &["nfs", "file share", "smb share", "smb"]),
    e("file", "File", General, &["files", "document", "object"]),
    e("video", "Video", General, &["videos", "media", "camera"]),
    e("saas", "SaaS", General, &["saas app", "saas application", "third party"]),
    e("iot-device", "IoT device", General, &["device", "devices", "sensor", "sensors", "iot devices"]),
    e("bicycle", "Bicycle", General, &["bike"]),
    e("email", "Email", General, &["e-mail", "mail"]),
    e("alarm", "Alarm", General, &["alert", "cloudwatch alarm"]),
    e("on-premises", "On-premises", General, &["on-prem", "on-premise", "onprem", "data center", "datacenter", "corporate data center"]),
    e("monolith", "Monolith", General, &["monolithic app", "legacy app"]),
    e("microservice", "Microservice", General, &["microservices", "service"]),
];

/// The form names are compared in: lower case, without spaces, hyphens or
/// underscores.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every normalised name (key, display name, alias) to its entry's index.
/// Built once; the first entry to claim a name keeps it (a test makes sure
/// no two entries claim one).
static INDEX: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (i, entry) in ICONS.iter().enumerate() {
        for name in entry.names() {
            map.entry(normalize(name)).or_insert(i);
        }
    }
    map
});

impl IconEntry {
    /// The key, the display name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        [self.key, self.name]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }
}

fn lookup(normalized: &str) -> Option<&'static IconEntry> {
    INDEX.get(normalized).and_then(|&i| ICONS.get(i))
}

/// The icon a name refers to: its key, display name or an alias, matched
/// ignoring case, spaces, hyphens, underscores and a leading "Amazon" or
/// "AWS".
pub fn resolve(name: &str) -> Option<&'static IconEntry> {
    let n = normalize(name);
    if n.is_empty() {
        return None;
    }
    lookup(&n).or_else(|| {
        ["amazon", "aws"]
            .iter()
            .find_map(|prefix| n.strip_prefix(prefix))
            .filter(|rest| !rest.is_empty())
            .and_then(lookup)
    })
}

/// The entry of a catalog key, exactly as written in [`ICONS`].
pub fn by_key(key: &str) -> Option<&'static IconEntry> {
    ICONS.iter().find(|e| e.key == key)
}

/// The key of the icon whose name is nearest to `name`, when one is close
/// enough to be a likely typo.
pub fn suggest(name: &str) -> Option<&'static str> {
    let n = normalize(name);
    nearest(&n, INDEX.iter().map(|(k, &i)| (k.as_str(), i)))
        .and_then(|i| ICONS.get(i))
        .map(|e| e.key)
}

/// How far apart two names may be for one to be suggested for the other.
pub fn suggestion_threshold(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    }
}

/// The candidate nearest to `target` within [`suggestion_threshold`]
/// (ties go to the smaller value, so results do not depend on hash order).
/// Both sides are expected to be normalised already.
pub(crate) fn nearest<'a, T: Copy + Ord>(
    target: &str,
    candidates: impl Iterator<Item = (&'a str, T)>,
) -> Option<T> {
    let tlen = target.chars().count();
    if tlen == 0 || tlen > 64 {
        return None;
    }
    let limit = suggestion_threshold(tlen);
    let mut best: Option<(usize, T)> = None;
    for (cand, value) in candidates {
        let clen = cand.chars().count();
        if clen.abs_diff(tlen) > limit {
            continue;
        }
        let d = strsim::damerau_levenshtein(target, cand);
        if d > limit || d == 0 && cand != target {
            continue;
        }
        let better = match best {
            None => true,
            Some((bd, bv)) => d < bd || (d == bd && value < bv),
        };
        if better {
            best = Some((d, value));
        }
    }
    best.map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_normalised() {
        let mut seen = HashSet::new();
        for e in ICONS {
            assert!(seen.insert(e.key), "duplicate key {}", e.key);
            assert_eq!(normalize(e.key).len(), e.key.replace('-', "").len());
            assert!(e
                .key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }

    #[test]
    fn no_name_maps_to_two_icons() {
        let mut owner: HashMap<String, &str> = HashMap::new();
        for e in ICONS {
            for name in e.names() {
                let n = normalize(name);
                if let Some(other) = owner.insert(n.clone(), e.key) {
                    assert_eq!(
                        other, e.key,
                        "`{name}` names both `{other}` and `{}`",
                        e.key
                    );
                }
            }
        }
    }

    #[test]
    fn every_name_resolves_to_its_own_entry() {
        for e in ICONS {
            for name in e.names() {
                assert_eq!(resolve(name).map(|r| r.key), Some(e.key), "{name}");
            }
        }
    }

    #[test]
    fn matching_ignores_case_spacing_and_vendor() {
        assert_eq!(resolve("Route 53").map(|e| e.key), Some("route53"));
        assert_eq!(resolve("route-53").map(|e| e.key), Some("route53"));
        assert_eq!(resolve("R53").map(|e| e.key), Some("route53"));
        assert_eq!(
            resolve("Amazon_CloudFront").map(|e| e.key),
            Some("cloudfront")
        );
        assert_eq!(resolve("AWS Lambda").map(|e| e.key), Some("lambda"));
        assert_eq!(
            resolve("amazon lightsail").map(|e| e.key),
            Some("lightsail")
        );
        assert_eq!(resolve("AmazonS3").map(|e| e.key), Some("s3"));
        assert_eq!(resolve("ALB").map(|e| e.key), Some("alb"));
        assert!(resolve("").is_none());
        assert!(resolve("amazon").is_none());
        assert!(resolve("nonsense").is_none());
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("cloudfrnt"), Some("cloudfront"));
        assert_eq!(suggest("lamda"), Some("lambda"));
        assert_eq!(suggest("dynamdb"), Some("dynamodb"));
        assert_eq!(suggest("zzzzzzzz"), None);
    }

    #[test]
    fn brief_abbreviations_resolve() {
        for (alias, key) in [
            ("r53", "route53"),
            ("alb", "alb"),
            ("elb", "elb"),
            ("nlb", "nlb"),
            ("kds", "kinesis-data-streams"),
            ("kdf", "kinesis-data-firehose"),
            ("firehose", "kinesis-data-firehose"),
            ("ddb", "dynamodb"),
            ("gwlb", "gwlb"),
            ("tgw", "transit-gateway"),
            ("dx", "direct-connect"),
            ("ga", "global-accelerator"),
            ("asg", "auto-scaling"),
            ("ebs", "ebs"),
            ("efs", "efs"),
            ("igw", "internet-gateway"),
            ("natgw", "nat-gateway"),
            ("vpce", "vpc-endpoint"),
            ("apigw", "api-gateway"),
            ("sfn", "step-functions"),
            ("cfn", "cloudformation"),
            ("cw", "cloudwatch"),
            ("sm", "sagemaker"),
            ("cgw", "customer-gateway"),
            ("vgw", "virtual-private-gateway"),
            ("vpn gateway", "virtual-private-gateway"),
            ("vpn", "site-to-site-vpn"),
            ("dxgw", "direct-connect-gateway"),
            ("tgw attachment", "transit-gateway-attachment"),
            ("TGW-Attachment", "transit-gateway-attachment"),
            ("eip", "elastic-ip"),
            ("nacl", "network-acl"),
            ("route table", "route-table"),
            ("rtb", "route-table"),
        ] {
            assert_eq!(resolve(alias).map(|e| e.key), Some(key), "{alias}");
        }
    }

    #[test]
    fn ci_cd_names_people_type_resolve() {
        for (name, key) in [
            ("codecommit", "codecommit"),
            ("AWS CodeCommit", "codecommit"),
            ("code-commit", "codecommit"),
            ("AWS CodePipeline", "codepipeline"),
            ("code-pipeline", "codepipeline"),
            ("CI/CD", "codepipeline"),
            ("Code Build", "codebuild"),
            ("aws codedeploy", "codedeploy"),
            ("CodeArtifact", "codeartifact"),
            ("xray", "x-ray"),
            ("AWS X-Ray", "x-ray"),
            ("Cloud 9", "cloud9"),
            ("Amazon SES", "ses"),
            ("simple email service", "ses"),
            ("AWS Amplify", "amplify"),
            ("Amazon Bedrock", "bedrock"),
            ("cloudwatch logs", "cloudwatch"),
        ] {
            assert_eq!(resolve(name).map(|e| e.key), Some(key), "{name}");
        }
        assert_eq!(suggest("codecomit"), Some("codecommit"));
        assert_eq!(suggest("codepipline"), Some("codepipeline"));
        let devtools = by_key("codebuild").map(|e| e.category);
        assert_eq!(devtools, Some(Category::DeveloperTools));
        assert_eq!(Category::DeveloperTools.tile_colour(), Some("#C925D1"));
        assert_eq!(
            by_key("ses").and_then(|e| e.category.tile_colour()),
            Some("#DD344C")
        );
    }

    #[test]
    fn every_category_has_a_folder_and_colour_rule() {
        let folders: HashSet<_> = Category::ALL.iter().map(|c| c.folder()).collect();
        assert_eq!(folders.len(), Category::ALL.len());
        for c in Category::ALL {
            assert_eq!(c.tile_colour().is_none(), c == Category::General);
        }
        assert_eq!(
            by_key("api-gateway").map(|e| e.category),
            Some(Category::Networking)
        );
    }
}
