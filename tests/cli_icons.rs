//! `archflow icons [--json]`: every icon key of `icons.md`, and the keys
//! the catalog adds beyond it, with its display name, its category and its
//! aliases.

use std::process::Command;

/// Every key of `icons.md`, in its order (a copy kept here: the test must
/// not read the spec folder outside the repository).
const ICONS_MD_KEYS: &[&str] = &[
    // Compute
    "ec2",
    "lambda",
    "lambda-layer",
    "batch",
    "elastic-beanstalk",
    "lightsail",
    "outposts",
    "auto-scaling",
    "ec2-instances",
    "ami",
    "spot-fleet",
    "capacity-reservation",
    "placement-group",
    "user-data",
    // Containers
    "ecs",
    "eks",
    "ecr",
    "fargate",
    // Storage
    "s3",
    "s3-glacier",
    "ebs",
    "efs",
    "fsx",
    "fsx-lustre",
    "fsx-windows",
    "fsx-ontap",
    "storage-gateway",
    "backup",
    "snowball-edge",
    "snowcone",
    "instance-store",
    // Database
    "aurora",
    "rds",
    "dynamodb",
    "dax",
    "elasticache",
    "neptune",
    "documentdb",
    "keyspaces",
    "timestream",
    "memorydb",
    // Networking & Content Delivery
    "cloudfront",
    "route53",
    "vpc",
    "direct-connect",
    "global-accelerator",
    "transit-gateway",
    "privatelink",
    "vpc-endpoint",
    "site-to-site-vpn",
    "client-vpn",
    "elb",
    "alb",
    "nlb",
    "gwlb",
    "nat-gateway",
    "internet-gateway",
    "eni",
    "vpc-peering",
    "api-gateway",
    "customer-gateway",
    "virtual-private-gateway",
    "direct-connect-gateway",
    "transit-gateway-attachment",
    "route-table",
    "elastic-ip",
    "network-acl",
    // Analytics
    "athena",
    "emr",
    "glue",
    "kinesis-data-streams",
    "kinesis-data-firehose",
    "kinesis-video-streams",
    "managed-flink",
    "lake-formation",
    "msk",
    "opensearch",
    "quicksight",
    "redshift",
    "redshift-spectrum",
    // Application Integration
    "appflow",
    "eventbridge",
    "sns",
    "sqs",
    "step-functions",
    "mq",
    "appsync",
    // Migration & Transfer
    "dms",
    "datasync",
    "transfer-family",
    "application-migration-service",
    "migration-hub",
    // Security, Identity & Compliance
    "iam",
    "kms",
    "waf",
    "shield",
    "guardduty",
    "inspector",
    "macie",
    "secrets-manager",
    "certificate-manager",
    "cognito",
    "cloudhsm",
    "directory-service",
    "security-hub",
    "network-firewall",
    "iam-identity-center",
    // Management & Governance
    "cloudwatch",
    "cloudtrail",
    "cloudformation",
    "config",
    "systems-manager",
    "organizations",
    "trusted-advisor",
    "control-tower",
    // Machine Learning
    "sagemaker",
    "sagemaker-pipelines",
    "rekognition",
    "comprehend",
    "polly",
    "textract",
    "transcribe",
    "translate",
    "lex",
    "kendra",
    // Internet of Things
    "iot-core",
    "iot-greengrass",
    // General
    "user",
    "users",
    "client",
    "mobile-client",
    "internet",
    "server",
    "database",
    "nfs-share",
    "file",
    "video",
    "saas",
    "iot-device",
    "bicycle",
    "email",
    "alarm",
    "on-premises",
    "monolith",
    "microservice",
];

/// The keys the catalog adds beyond `icons.md` (which allows extending it
/// where users need more): services common diagrams draw, such as a CI/CD
/// pipeline's, with their categories.
const EXTENDED_KEYS: &[(&str, &str)] = &[
    ("bedrock", "Machine Learning"),
    ("codecommit", "Developer Tools"),
    ("codebuild", "Developer Tools"),
    ("codedeploy", "Developer Tools"),
    ("codepipeline", "Developer Tools"),
    ("codeartifact", "Developer Tools"),
    ("x-ray", "Developer Tools"),
    ("cloud9", "Developer Tools"),
    ("amplify", "Front-End Web & Mobile"),
    ("ses", "Business Applications"),
];

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_archflow"))
        .args(args)
        .output()
        .expect("archflow runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn icons_json_lists_every_key_of_the_spec() {
    let (code, stdout) = run(&["icons", "--json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let list = value.as_array().expect("an array");
    let mut keys = Vec::new();
    for item in list {
        let obj = item.as_object().expect("objects");
        let mut fields: Vec<&str> = obj.keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["aliases", "category", "key", "name"]);
        assert!(obj["name"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(obj["category"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(obj["aliases"]
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x.is_string())));
        keys.push(obj["key"].as_str().expect("key").to_string());
    }
    for key in ICONS_MD_KEYS {
        assert!(
            keys.iter().any(|k| k == key),
            "`{key}` missing from icons --json"
        );
    }
    for (key, category) in EXTENDED_KEYS {
        let item = list
            .iter()
            .find(|i| i["key"] == *key)
            .unwrap_or_else(|| panic!("`{key}` missing from icons --json"));
        assert_eq!(item["category"], *category, "{key}");
    }
    assert_eq!(
        keys.len(),
        ICONS_MD_KEYS.len() + EXTENDED_KEYS.len(),
        "keys beyond icons.md and EXTENDED_KEYS: list them in EXTENDED_KEYS"
    );
    let cloudfront = list
        .iter()
        .find(|i| i["key"] == "cloudfront")
        .expect("cloudfront");
    assert_eq!(cloudfront["name"], "CloudFront");
    assert_eq!(cloudfront["category"], "Networking & Content Delivery");
    let api = list
        .iter()
        .find(|i| i["key"] == "api-gateway")
        .expect("api-gateway");
    assert_eq!(api["category"], "Networking & Content Delivery");
}

#[test]
fn icons_table_lists_every_key_with_its_category() {
    let (code, stdout) = run(&["icons"]);
    assert_eq!(code, 0);
    let mut lines = stdout.lines();
    let header = lines.next().expect("header");
    assert!(header.starts_with("KEY") && header.contains("CATEGORY") && header.contains("ALIASES"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), ICONS_MD_KEYS.len() + EXTENDED_KEYS.len());
    for key in ICONS_MD_KEYS
        .iter()
        .chain(EXTENDED_KEYS.iter().map(|(key, _)| key))
    {
        assert!(
            rows.iter()
                .any(|r| r.split_whitespace().next() == Some(key)),
            "`{key}` missing from the table"
        );
    }
    let r53 = rows
        .iter()
        .find(|r| r.starts_with("route53 "))
        .expect("route53 row");
    assert!(
        r53.contains("Route 53")
            && r53.contains("Networking & Content Delivery")
            && r53.contains("r53")
    );
}
