//! Streams one entity set of the Intune Data Warehouse to JSON lines on stdout, with a
//! progress line on stderr — every row, page after page, in flat memory.
//!
//! ```sh
//! export TOKEN=...   # or: --tenant T --client-id ID --client-secret-env SECRET
//! cargo run -p intune-dw --example export -- \
//!     --url https://fef.msua06.manage.microsoft.com/ReportingService/DataWarehouseFEService \
//!     --set devices --token-env TOKEN [--max-history-days 7] [--max-pages N] > devices.jsonl
//! ```

use std::io::Write;
use std::time::Instant;

use futures::{Stream, StreamExt};
use intune_dw::v1_0::Client;

/// Command-line options, read by hand to keep the example small.
struct Options {
    url: String,
    set: String,
    token_env: Option<String>,
    tenant: Option<String>,
    client_id: Option<String>,
    secret_env: Option<String>,
    max_history_days: Option<String>,
    max_pages: Option<usize>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        url: String::new(),
        set: String::new(),
        token_env: None,
        tenant: None,
        client_id: None,
        secret_env: None,
        max_history_days: None,
        max_pages: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => o.url = value()?,
            "--set" => o.set = value()?,
            "--token-env" => o.token_env = Some(value()?),
            "--tenant" => o.tenant = Some(value()?),
            "--client-id" => o.client_id = Some(value()?),
            "--client-secret-env" => o.secret_env = Some(value()?),
            "--max-history-days" => o.max_history_days = Some(value()?),
            "--max-pages" => {
                o.max_pages = Some(value()?.parse().map_err(|_| "--max-pages takes a number")?)
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.url.is_empty() || o.set.is_empty() {
        return Err("usage: export --url SERVICE_ROOT --set ENTITY_SET [--token-env VAR | --tenant T --client-id ID --client-secret-env VAR] [--max-history-days N] [--max-pages N]".into());
    }
    Ok(o)
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("environment variable {name} is not set"))
}

fn client(o: &Options) -> Result<Client, Box<dyn std::error::Error>> {
    // The generated builder presets `api-version` and builds the typed client.
    let mut builder = Client::builder(&o.url);
    if let Some(days) = &o.max_history_days {
        builder = builder.query_param("maxhistorydays", days.as_str());
    }
    builder = match (&o.token_env, &o.tenant, &o.client_id, &o.secret_env) {
        (Some(var), ..) => builder.bearer_token(env(var)?),
        (None, Some(tenant), Some(id), Some(secret)) => builder.client_credentials(
            intune_dw::v1_0::ClientCredentials::new(tenant.as_str(), id.as_str(), env(secret)?),
        ),
        _ => {
            return Err(
                "give --token-env, or --tenant, --client-id and --client-secret-env".into(),
            );
        }
    };
    Ok(builder.build()?)
}

/// Writes every item of `rows` as one JSON line, reporting progress on stderr.
async fn export<T: serde::Serialize>(
    set: &str,
    rows: impl Stream<Item = Result<T, odata_runtime::Error>>,
) -> Result<u64, Box<dyn std::error::Error>> {
    let (start, mut count) = (Instant::now(), 0u64);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut rows = std::pin::pin!(rows);
    while let Some(row) = rows.next().await {
        serde_json::to_writer(&mut out, &row?)?;
        out.write_all(b"\n")?;
        count += 1;
        if count % 10_000 == 0 {
            eprint!(
                "\r{set}: {count} rows, {:.0} rows/s",
                count as f64 / start.elapsed().as_secs_f64()
            );
        }
    }
    out.flush()?;
    eprintln!(
        "\r{set}: {count} rows in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(count)
}

/// Dispatches on the entity-set name: each arm streams that set with its typed model.
macro_rules! sets {
    ($client:ident, $o:ident, $($wire:literal => $accessor:ident),* $(,)?) => {
        match $o.set.as_str() {
            $($wire => {
                let mut request = $client.$accessor().list().into_inner();
                if let Some(n) = $o.max_pages {
                    request = request.max_pages(n);
                }
                export($wire, request.stream()).await
            })*
            other => Err(format!("unknown entity set {other}").into()),
        }
    };
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = options()?;
    let client = client(&o)?;
    sets!(client, o,
        "appRevisions" => app_revisions,
        "appTypes" => app_types,
        "compliancePolicyStatusDeviceActivities" => compliance_policy_status_device_activities,
        "compliancePolicyStatusDevicePerPolicyActivities" => compliance_policy_status_device_per_policy_activities,
        "complianceStates" => compliance_states,
        "dates" => dates,
        "deviceCategories" => device_categories,
        "deviceConfigurationProfileDeviceActivities" => device_configuration_profile_device_activities,
        "deviceConfigurationProfileUserActivities" => device_configuration_profile_user_activities,
        "deviceEnrollmentTypes" => device_enrollment_types,
        "devicePropertyHistories" => device_property_histories,
        "deviceRegistrationStates" => device_registration_states,
        "deviceTypes" => device_types,
        "devices" => devices,
        "enrollmentActivities" => enrollment_activities,
        "enrollmentEventStatuses" => enrollment_event_statuses,
        "enrollmentFailureCategories" => enrollment_failure_categories,
        "enrollmentFailureReasons" => enrollment_failure_reasons,
        "intuneManagementExtensionHealthStates" => intune_management_extension_health_states,
        "intuneManagementExtensionVersions" => intune_management_extension_versions,
        "intuneManagementExtensions" => intune_management_extensions,
        "mamApplicationInstances" => mam_application_instances,
        "mamApplications" => mam_applications,
        "mamCheckins" => mam_checkins,
        "mamDeviceHealths" => mam_device_healths,
        "mamPlatforms" => mam_platforms,
        "managementAgentTypes" => management_agent_types,
        "managementStates" => management_states,
        "mobileAppInstallStates" => mobile_app_install_states,
        "mobileAppInstallStatusCounts" => mobile_app_install_status_counts,
        "ownerTypes" => owner_types,
        "policies" => policies,
        "policyDeviceActivities" => policy_device_activities,
        "policyPlatformTypes" => policy_platform_types,
        "policyTypeActivities" => policy_type_activities,
        "policyTypes" => policy_types,
        "policyUserActivities" => policy_user_activities,
        "termsAndConditions" => terms_and_conditions,
        "userDeviceAssociations" => user_device_associations,
        "userTermsAndConditionsAcceptances" => user_terms_and_conditions_acceptances,
        "users" => users,
        "vppProgramTypes" => vpp_program_types,
    )?;
    Ok(())
}
