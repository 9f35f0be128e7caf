"""checkout-events-amount-as-string: a producer release changes a field's type on a Kafka topic; the consumer cannot deserialize it.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,json,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(31)
base=dt.datetime(2026,7,8,11,0,0)
out=case_dir('checkout-events-amount-as-string')
dep=base+dt.timedelta(minutes=24,seconds=10)
prod=[];cons=[];rep=[]
def J(t,lvl,svc,msg,ver,**kw):
    d={"ts":iso(t),"level":lvl,"service":svc,"message":msg,"deploy":{"version":ver,"commit":"a1b2c3d" if ver=="4.0.0" else "9f8e7d6"}}
    d.update(kw); return (t,json.dumps(d))
t=base
while t<base+dt.timedelta(minutes=50):
    t+=dt.timedelta(seconds=R.uniform(1,4))
    ver='4.0.0' if t>dep else '3.9.2'
    oid='ord_%08d'%R.randint(1,99999999)
    prod.append(J(t,'INFO','checkout-events','published checkout.completed order=%s partition=%d'%(oid,R.randint(0,11)),ver,component='kafka-producer',trace_id='%032x'%R.getrandbits(128)))
    if t>dep:
        tt=t+dt.timedelta(milliseconds=R.randint(40,300))
        cons.append((tt,'%s ERROR [ledger-consumer-0-C-1] o.s.k.l.KafkaMessageListenerContainer - Error handler threw an exception\norg.springframework.kafka.listener.ListenerExecutionFailedException: Listener failed; nested exception is org.springframework.messaging.converter.MessageConversionException: Cannot convert from [java.lang.String] to [com.acme.ledger.CheckoutCompleted] for GenericMessage [payload={"order":"%s","amount":"42.50","currency":"EUR"}, headers={kafka_receivedTopic=checkout.completed, kafka_offset=%d}]\nCaused by: com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `long` from String "42.50": not a valid `long` value\n at [Source: (String)"{\\"order\\":\\"%s\\",\\"amount\\":\\"42.50\\"}"; line: 1, column: 31]'%(tt.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(tt.microsecond//1000),oid,R.randint(100000,999999),oid)))
        if R.random()<0.5:
            cons.append((tt+dt.timedelta(milliseconds=5),'%s WARN  [ledger-consumer-0-C-1] o.s.k.l.DefaultErrorHandler - Backoff FixedBackOff{interval=1000, currentAttempts=%d, maxAttempts=10} exhausted for checkout.completed-%d@%d'%((tt+dt.timedelta(milliseconds=5)).strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(tt.microsecond//1000),10,R.randint(0,11),R.randint(100000,999999))))
    else:
        tt=t+dt.timedelta(milliseconds=R.randint(40,300))
        cons.append((tt,'%s INFO  [ledger-consumer-0-C-1] c.a.ledger.CheckoutListener - booked order %s'%(tt.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(tt.microsecond//1000),oid)))
prod.append(J(dep-dt.timedelta(seconds=3),'INFO','checkout-events','starting checkout-events 4.0.0 (amount now serialized as decimal string, see ADR-112)','4.0.0'))
for m in range(0,50,7):
    tt=base+dt.timedelta(minutes=m,seconds=R.randint(0,59))
    prod.append(J(tt,'WARN','checkout-events','producer metadata refresh took %dms'%R.randint(600,1400),'4.0.0' if tt>dep else '3.9.2'))
# reconciliation report service: finds ledger missing orders
t=base+dt.timedelta(minutes=5)
while t<base+dt.timedelta(minutes=50):
    t+=dt.timedelta(minutes=1)
    if t>dep+dt.timedelta(minutes=2):
        for k in range(R.randint(4,9)):
            rep.append((t+dt.timedelta(seconds=k),'%s ERROR recon: order ord_%08d paid but not in ledger after 120s\nTraceback (most recent call last):\n  File "/srv/recon/check.py", line 88, in verify\n    raise LedgerGapError(order_id)\nrecon.errors.LedgerGapError: ord_%08d'%((t+dt.timedelta(seconds=k)).strftime('%Y-%m-%d %H:%M:%S,000'),R.randint(1,99999999),R.randint(1,99999999))))
    else:
        rep.append((t,'%s INFO recon: %d orders verified'%(t.strftime('%Y-%m-%d %H:%M:%S,000'),R.randint(40,90))))
    if R.random()<0.1:
        rep.append((t,'%s ERROR recon: PSP statement fetch failed\nTraceback (most recent call last):\n  File "/srv/recon/psp.py", line 31, in fetch\n    raise PspTimeout()\nrecon.errors.PspTimeout'%t.strftime('%Y-%m-%d %H:%M:%S,500')))
write_case(out, [('checkout-events.jsonl',prod),('ledger-writer.log',cons),('reconciler.log',rep)],
           {"source":"generic","service":"reconciler","title":"ledger gaps","severity":"critical","fingerprint":"lg","startsAt":iso(dep+dt.timedelta(minutes=6)),"labels":{}},
           {"root_cause":{"service":"checkout-events","component":"4.0.0 serializes amount as string","error_type":None,"file":None},"category":"deploy","symptoms":[{"service": "ledger-writer", "error_type": "ListenerExecutionFailedException"}, {"service": "reconciler", "error_type": "LedgerGapError"}],"why":"checkout-events 4.0.0 went live at 11:24:07 and serializes amount as a decimal string on checkout.completed; ledger-writer's listener expects a long and fails on every message (InvalidFormatException inside ListenerExecutionFailedException), so the reconciler finds paid orders missing from the ledger.","frequency_baseline":{"service":"ledger-writer","error_type":"ListenerExecutionFailedException"}})
