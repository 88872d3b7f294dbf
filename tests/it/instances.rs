//! Several instances behind nginx on one PostgreSQL (issue 11): the server binary, started as a
//! real process per instance, Debian's nginx running `deploy/nginx/shouwang.conf`, a real SMTP
//! sink. PostgreSQL only: several processes on one SQLite file is not a supported set-up.

use crate::instances_support;

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use instances_support::{burst, person, Cluster, Tally};

/// Sign-ups posted through the proxy in the burst of the first scenario.
const BURST: u32 = 20_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_sign_ups_over_two_instances_are_each_stored_once_and_mailed_once() {
    let Some(cluster) = Cluster::start("burst").await else { return };
    let started = Instant::now();
    let tally = burst(&cluster.proxy, 0..BURST, 64, None).await;
    let took = started.elapsed();
    println!("{BURST} sign-ups through nginx over 2 instances in {took:.1?}: {}", tally.summary());
    assert!(tally.failures.is_empty() && tally.server_errors.is_empty(), "{}", tally.summary());
    assert_eq!(tally.accepted.len(), BURST as usize, "{}", tally.summary());
    cluster.assert_stored_once(&tally).await;
    // both instances took part
    for instance in &cluster.instances {
        let served = instance.metric("shouwang_signups_total{outcome=\"accepted\"}").await;
        assert!(served > 1_000.0, "instance {} accepted only {served}", instance.port);
    }

    // every confirmation delivered, once: both outbox workers ran side by side
    let mails = cluster.wait_for_mail(BURST as usize, Duration::from_secs(300)).await;
    assert_eq!(mails.len(), BURST as usize, "mails after {:.0?}", started.elapsed());
    let ids: HashSet<&str> = mails.iter().map(|m| m["message_id"].as_str().unwrap_or_default()).collect();
    let to: HashSet<String> =
        mails.iter().map(|m| m["to"][0].as_str().unwrap_or_default().to_string()).collect();
    let expected: HashSet<String> = (0..BURST).map(|n| format!("burst{n}@example.cn")).collect();
    assert_eq!(ids.len(), BURST as usize, "a mail went out twice");
    assert_eq!(to, expected);
    let pending: i64 = cluster.count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").await;
    assert_eq!(pending, 0);
    println!("{BURST} confirmations delivered once each after {:.1?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_plain_form_posted_through_one_instance_shows_its_messages_on_the_other() {
    let Some(cluster) = Cluster::start("flash").await else { return };
    let (a, b) = (&cluster.instances[0], &cluster.instances[1]);
    let mut form = person(7);
    for (key, value) in form.iter_mut() {
        match key.as_str() {
            "form[name]" => *value = "王小明".into(),
            "form[mobile]" => *value = "1234".into(),
            _ => {}
        }
    }
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client
        .post(format!("{}/api/signup", a.base()))
        .header("accept", "text/html")
        .header("referer", format!("{}/campaigns/volunteers-guard-expo", cluster.proxy))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let path = location.trim_start_matches(&cluster.proxy);
    assert!(path.starts_with("/campaigns/volunteers-guard-expo?"), "{location}");

    let page = client.get(format!("{}{path}", b.base())).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("王小明"), "the name typed on A is back in the form on B");
    assert!(
        page.contains("手机号") && page.contains("aria-invalid=\"true\""),
        "the mobile field is marked on B"
    );
    // read once: the same address shows an empty form
    let again = client.get(format!("{}{path}", a.base())).send().await.unwrap().text().await.unwrap();
    assert!(!again.contains("王小明"));
    // and what was kept in between was not kept in clear
    let clear: i64 = cluster.count("SELECT COUNT(*) FROM flashes WHERE sealed LIKE '%王小明%'").await;
    assert_eq!(clear, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_paused_through_one_instance_is_refused_by_the_other_within_a_second() {
    let Some(cluster) = Cluster::start("pause").await else { return };
    let (a, b) = (&cluster.instances[0], &cluster.instances[1]);
    // B has the campaign (and its page) in memory, for a minute (CAMPAIGN_CACHE_MS, PAGE_CACHE_MS)
    let warm = burst(&b.base(), 0..3, 1, None).await;
    assert_eq!(warm.accepted.len(), 3, "{}", warm.summary());
    assert!(b.page("/campaigns/volunteers-guard-expo").await.contains("137****0002"));
    // a sign-up through A: B's cached page does not show it yet
    let through_a = burst(&a.base(), 50..51, 1, None).await;
    assert_eq!(through_a.accepted.len(), 1, "{}", through_a.summary());
    assert!(!b.page("/campaigns/volunteers-guard-expo").await.contains("137****0050"));

    let admin = cluster.admin(a).await;
    let paused =
        admin.post("campaign_phase", &[("slug", "volunteers-guard-expo"), ("action", "pause")]).await;
    assert_eq!(paused.0, 200, "{}", paused.1);
    let stored_before = load_progress(&cluster).await;
    let since = Instant::now();
    let (mut n, mut taken) = (100, 0);
    let refused_after = loop {
        let tally = burst(&b.base(), n..n + 1, 1, None).await;
        n += 1;
        taken += tally.accepted.len() as i64;
        if tally.refused.iter().any(|m| m.contains("暂停")) {
            break since.elapsed();
        }
        assert!(since.elapsed() < Duration::from_secs(1), "B still takes sign-ups: {}", tally.summary());
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!("B refused the paused campaign {refused_after:?} after A's answer");
    // its cached page too was forgotten: rendered anew, with A's sign-up in its live feed
    assert!(b.page("/campaigns/volunteers-guard-expo").await.contains("137****0050"));
    assert_eq!(load_progress(&cluster).await, stored_before + taken, "the refused sign-up was not stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolling_restart_during_a_burst_shows_no_5xx_and_loses_no_sign_up() {
    let Some(mut cluster) = Cluster::start("rolling").await else { return };
    let stop = cluster.stop_flag();
    let proxy = cluster.proxy.clone();
    let load = tokio::spawn({
        let stop = stop.clone();
        async move { burst(&proxy, 0..1_000_000, 16, Some(stop)).await }
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    for i in 0..2 {
        let before = load_progress(&cluster).await;
        cluster.instances[i].terminate().await;
        cluster.instances[i].start().await;
        // nginx leaves an instance it saw fail alone for its fail_timeout (2 s)
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(load_progress(&cluster).await > before, "sign-ups went on while instance {i} restarted");
    }
    stop.store(true, Ordering::SeqCst);
    let tally = load.await.unwrap();
    println!("rolling restart of both instances under load: {}", tally.summary());
    assert!(tally.server_errors.is_empty(), "5xx through nginx: {:?}", tally.server_errors);
    assert!(tally.failures.is_empty(), "{:?}", tally.failures);
    assert_eq!(tally.duplicates, 0, "a sign-up was handled twice");
    assert!(tally.accepted.len() > 500, "{}", tally.summary());
    cluster.assert_stored_once(&tally).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_one_instance_mid_burst_leaves_the_other_serving_and_every_acknowledged_sign_up_stored() {
    let Some(mut cluster) = Cluster::start("kill").await else { return };
    let stop = cluster.stop_flag();
    let proxy = cluster.proxy.clone();
    let load = tokio::spawn({
        let stop = stop.clone();
        async move { burst(&proxy, 0..1_000_000, 16, Some(stop)).await }
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    cluster.instances[0].kill().await;
    let at_kill = load_progress(&cluster).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = load_progress(&cluster).await;
    stop.store(true, Ordering::SeqCst);
    let tally = load.await.unwrap();
    println!(
        "kill -9 of one instance mid-burst: {} ({} stored after the kill)",
        tally.summary(),
        after - at_kill
    );
    assert!(after - at_kill > 100, "the other instance kept serving");
    // an acknowledged sign-up is stored; a post in flight on the killed instance may have been
    // committed and then retried on the other: it reads "already signed up", and is stored once
    cluster.assert_stored_once(&tally).await;
}

async fn load_progress(cluster: &Cluster) -> i64 {
    cluster.count("SELECT COUNT(*) FROM applications").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_for_allowed_addresses_only_and_logs_carry_the_proxys_request_id() {
    let Some(cluster) = Cluster::start("ops").await else { return };
    let tally: Tally = burst(&cluster.proxy, 0..20, 4, None).await;
    assert_eq!(tally.accepted.len(), 20);
    let client = reqwest::Client::new();
    for instance in &cluster.instances {
        let ready = client.get(format!("{}/readyz", instance.base())).send().await.unwrap();
        assert_eq!(ready.status().as_u16(), 200);
    }
    let metrics = client.get(format!("{}/metrics", cluster.proxy)).send().await.unwrap();
    assert_eq!(metrics.status().as_u16(), 200);
    let text = metrics.text().await.unwrap();
    for name in [
        "shouwang_signups_total{outcome=\"accepted\"}",
        "shouwang_http_request_duration_seconds_bucket",
        "shouwang_outbox_backlog",
        "shouwang_outbox_oldest_age_seconds",
        "shouwang_db_pool_connections",
    ] {
        assert!(text.contains(name), "{name} missing from /metrics:\n{text}");
    }
    assert!(text.contains("route=\"/api/{*fn_name}\"") || text.contains("route=\"/api/signup\""), "{text}");
    // someone outside, whose address nginx forwards: nothing to see
    let outside = client
        .get(format!("{}/metrics", cluster.proxy))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status().as_u16(), 404);

    // a refused back-office post: its warning names the request id nginx made
    let refused = client
        .post(format!("{}/api/admin/campaign_phase", cluster.proxy))
        .header("origin", "https://evil.example")
        .form(&[("slug", "volunteers-guard-expo"), ("action", "pause")])
        .send()
        .await
        .unwrap();
    let id = refused.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 32, "nginx's $request_id: {id}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let logged = cluster.instances.iter().flat_map(|i| i.log_lines()).find(|line| line.contains(&id));
    let line = logged.unwrap_or_else(|| panic!("no log line with request id {id}"));
    let json: serde_json::Value = serde_json::from_str(&line).expect("a JSON log line");
    assert_eq!(json["span"]["request_id"], id.as_str(), "{line}");
    assert!(json["fields"]["message"].as_str().unwrap_or_default().contains("foreign origin"), "{line}");
}
