"""fw-egress-rule-dropped: a firewall reload with a DROP egress policy blocks the PSP; the kernel logs each dropped SYN; payments-adapter's connects time out.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(83)
base=dt.datetime(2026,11,2,9,0,0)
out=case_dir('fw-egress-rule-dropped')
rel=base+dt.timedelta(minutes=31,seconds=40)
fw=[];pa=[];co=[]
def J(t,prog,msg): fw.append((t,'%s fw-1 %s: %s'%(t.strftime('%b %d %H:%M:%S'),prog,msg)))
for m in range(0,55,5):
    J(base+dt.timedelta(minutes=m,seconds=2),'systemd[1]','Started sysstat-collect.service - system activity accounting tool.')
J(rel-dt.timedelta(seconds=3),'sudo[22107]','  ops-ci : TTY=unknown ; PWD=/srv/fw ; USER=root ; COMMAND=/usr/bin/firewall-cmd --reload')
J(rel,'firewalld[812]','WARNING: ALREADY_ENABLED: egress-psp')
J(rel+dt.timedelta(seconds=1),'firewalld[812]','Reloaded firewall rules (zone public, policy egress-default: DROP)')
t=rel+dt.timedelta(seconds=2)
while t<base+dt.timedelta(minutes=55):
    t+=dt.timedelta(seconds=R.uniform(20,40))
    J(t,'kernel','filter_OUT_policy_egress-default_DROP: IN=eth1 OUT=eth0 MAC= SRC=10.20.4.%d DST=203.0.113.%d LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=%d DF PROTO=TCP SPT=%d DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0'%(R.randint(10,40),R.randint(10,20),R.randint(1000,65000),R.randint(30000,60000)))
t=base
while t<base+dt.timedelta(minutes=55):
    t+=dt.timedelta(seconds=R.uniform(1,3))
    ts=t.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(t.microsecond//1000)
    if t>rel+dt.timedelta(seconds=2):
        J(t,'kernel','filter_OUT_policy_egress-default_DROP: IN=eth1 OUT=eth0 MAC= SRC=10.20.4.%d DST=198.51.100.14 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=%d DF PROTO=TCP SPT=%d DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0'%(R.randint(10,40),R.randint(1000,65000),R.randint(30000,60000)))
        te=t+dt.timedelta(seconds=3); ts2=te.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(te.microsecond//1000)
        pa.append((te,'%s ERROR [http-nio-8080-exec-%d] c.a.pay.PspClient - capture failed for order %d\norg.apache.hc.client5.http.ConnectTimeoutException: Connect to https://api.psp.example:443 [api.psp.example/198.51.100.14] failed: Connect timed out\n\tat org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator.connect(DefaultHttpClientConnectionOperator.java:151)\nCaused by: java.net.SocketTimeoutException: Connect timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)'%(ts2,R.randint(1,40),R.randint(100000,999999))))
        co.append((te+dt.timedelta(milliseconds=20),'{"ts":"%s","level":"ERROR","service":"orders","message":"payment capture failed: payments-adapter answered 502","error_type":"CaptureFailedException"}'%iso(te+dt.timedelta(milliseconds=20))))
    else:
        pa.append((t,'%s INFO  [http-nio-8080-exec-%d] c.a.pay.PspClient - capture ok took=%dms'%(ts,R.randint(1,40),R.randint(80,300))))
        co.append((t,'{"ts":"%s","level":"INFO","service":"orders","message":"order paid"}'%iso(t)))
    if R.random()<0.01:
        pa.append((t,'%s WARN  [scheduling-1] c.a.pay.Reconciler - settlement file late by %d min'%(ts,R.randint(5,30))))
write_case(out, [('fw-1.journal.log',fw),('payments-adapter.log',pa),('orders.jsonl',co)],
           {"source":"generic","service":"orders","title":"captures failing","severity":"critical","fingerprint":"c","startsAt":iso(rel+dt.timedelta(minutes=4)),"labels":{}},
           {"root_cause":{"service":"fw-1","component":"firewalld reload: egress-default policy DROP","error_type":None,"file":None},"category":"network","symptoms":[{"service":"payments-adapter","error_type":"ConnectTimeoutException"},{"service":"orders","error_type":"CaptureFailedException"}],"why":"At 09:31:40 ops-ci reloaded fw-1's firewalld rules with a new egress-default policy of DROP that no longer allows the PSP; from then fw-1's kernel logs every SYN to 198.51.100.14:443 as dropped, payments-adapter's captures time out connecting, and orders fails every capture. Neither service is at fault.","frequency_baseline":{"service":"orders","error_type":"CaptureFailedException"}})
